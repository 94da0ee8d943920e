using System.Diagnostics;
using DiffusionBot.DemoModels.Models;
using DiffusionBot.DemoModels.Tests.Support;

namespace DiffusionBot.DemoModels.Tests;

public sealed class UnetTimingTests
{
    /// <summary>One demo UNet run at batch 2 (CFG), 64×64 latents (a 512×512 image), 2 intra-op threads.
    /// Reports the median; the bound only catches a branch that became absurdly slow.</summary>
    [Fact]
    public void Run_DemoTextureBatch2At64x64_ReportsMedianTime()
    {
        using var unet = new ModelRunner(UnetModel.Build(DemoModelOptions.Demo));
        var hidden = UnetOracleTests.TextEncoderHidden("a red fox", "");
        var inputs = UnetOracleTests.UnetInputs(TestData.Random(2 * 4 * 64 * 64, seed: 9), hidden, 64, 64, 500);
        var output = unet.Run(inputs)["out_sample"];
        var times = new List<double>();
        for (int i = 0; i < 7; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            unet.Run(inputs);
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        double median = times[times.Count / 2];
        TestContext.Current.SendDiagnosticMessage($"Demo UNet, batch 2, 64x64: median {median:F1} ms (min {times[0]:F1}, max {times[^1]:F1})");
        Console.WriteLine($"Demo UNet, batch 2, 64x64: median {median:F1} ms (min {times[0]:F1}, max {times[^1]:F1})");
        Assert.Equal([2, 4, 64, 64], output.Shape);
        Assert.All(output.Data, v => Assert.True(float.IsFinite(v)));
        Assert.InRange(median, 0.01, 2000);
    }
}
