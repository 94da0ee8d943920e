namespace DiffusionBot.Diffusion.Embeddings;

/// <summary>A textual-inversion embedding: its trigger word (the file name), how many token positions it takes, and
/// its vectors per text encoder: one set for SD 1.x/2.x, two for SDXL (<c>clip_l</c> for text_encoder, then
/// <c>clip_g</c> for text_encoder_2), each <see cref="Count"/> rows.</summary>
internal sealed record TextualInversion(string Trigger, int Count, IReadOnlyList<EmbeddingVectors> Encoders);

/// <summary>One text encoder's vectors of an embedding, [count, <see cref="Width"/>] row-major.</summary>
/// <param name="Source">The tensor they came from (for messages), e.g. "emb_params" or "clip_g".</param>
internal sealed record EmbeddingVectors(string Source, float[] Values, int Width);
