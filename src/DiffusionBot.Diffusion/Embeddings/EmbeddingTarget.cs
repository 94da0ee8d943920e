namespace DiffusionBot.Diffusion.Embeddings;

/// <summary>A text encoder that embeddings are appended to: its model file and its tokenizer's end-of-text id.</summary>
internal sealed record EmbeddingTarget(string TextEncoderFile, int EndOfTextId)
{
    /// <summary>The component's folder name (text_encoder, text_encoder_2), for messages.</summary>
    public string Name => Path.GetFileName(Path.GetDirectoryName(TextEncoderFile)) ?? TextEncoderFile;
}
