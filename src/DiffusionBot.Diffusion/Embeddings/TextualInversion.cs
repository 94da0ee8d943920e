namespace DiffusionBot.Diffusion.Embeddings;

/// <summary>A textual-inversion embedding: its trigger word (the file name) and its vectors [Count, Width].</summary>
internal sealed record TextualInversion(string Trigger, float[] Vectors, int Count, int Width);
