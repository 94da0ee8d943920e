using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Prompting;

/// <summary>Runs a text encoder on one chunk of ids; returns its hidden states [SequenceLength · Width]. Called once
/// per chunk, in order (an SDXL encoder can keep its pooled output from the first call, as AUTOMATIC1111 does).</summary>
internal delegate (float[] Hidden, int SequenceLength, int Width) ChunkEncoder(int[] ids, CancellableRun run);

/// <summary>Encodes chunks one by one, applies each chunk's emphasis weights and joins the hidden states along the
/// sequence axis: n chunks of 77 become [n · 77, width]. SDXL calls this once per text encoder with that encoder's
/// chunks and joins the two results along the width.</summary>
internal static class WeightedPromptEncoder
{
    public static (float[] Hidden, int SequenceLength, int Width) Encode(IReadOnlyList<PromptChunk> chunks, ChunkEncoder encoder, CancellableRun run)
    {
        if (chunks.Count == 0)
            throw new ArgumentException("At least one chunk is needed.", nameof(chunks));
        float[]? joined = null;
        var chunkSize = 0;
        var width = 0;
        for (var c = 0; c < chunks.Count; c++)
        {
            var chunk = chunks[c];
            var (hidden, sequenceLength, chunkWidth) = encoder(chunk.Ids, run);
            if (sequenceLength != chunk.Ids.Length)
                throw new DiffusionModelException($"The text encoder returned {sequenceLength} hidden states for {chunk.Ids.Length} tokens.");
            EmphasisWeighting.Apply(hidden, chunk.Weights);
            if (chunks.Count == 1)
                return (hidden, sequenceLength, chunkWidth);
            if (joined is null)
            {
                chunkSize = hidden.Length;
                width = chunkWidth;
                joined = new float[chunkSize * chunks.Count];
            }

            hidden.CopyTo(joined.AsSpan(c * chunkSize));
        }

        return (joined!, chunks.Count * chunks[0].Ids.Length, width);
    }
}
