namespace DiffusionBot.DemoModels.Tests.Support;

internal static class TestData
{
    public static float[] Random(int count, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1) * scale).ToArray();
    }

    /// <summary>[1, 77] CLIP-style ids: start token, the prompt's tokens, end token, end-token padding.</summary>
    public static int[] InputIds(string prompt)
    {
        var vocabulary = OracleSpec.Vocabulary;
        var ids = new List<int> { vocabulary.StartOfTextId };
        ids.AddRange(vocabulary.Encode(prompt));
        ids.Add(vocabulary.EndOfTextId);
        while (ids.Count < OracleSpec.SequenceLength)
        {
            ids.Add(vocabulary.EndOfTextId);
        }

        return [.. ids];
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "diffusionbot-demomodels-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
