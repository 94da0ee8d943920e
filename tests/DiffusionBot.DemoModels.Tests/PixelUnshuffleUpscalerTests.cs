using DiffusionBot.DemoModels.Models;
using DiffusionBot.DemoModels.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.DemoModels.Tests;

public sealed class PixelUnshuffleUpscalerTests
{
    [Fact]
    public void Run_EvenImage_EachOutputPixelIsItsInputBlocksMean()
    {
        using var model = new ModelRunner(PixelUnshuffleUpscalerModel.Build());
        var input = Tensor.Float(TestData.Random(3 * 6 * 8, seed: 5), 1, 3, 6, 8);

        var output = model.Run(("input", input))["output"];

        Assert.Equal([1, 3, 12, 16], output.Shape);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 12; y++)
            {
                for (var x = 0; x < 16; x++)
                {
                    int by = y / 4 * 2, bx = x / 4 * 2;
                    var mean = (input[0, c, by, bx] + input[0, c, by, bx + 1] + input[0, c, by + 1, bx] + input[0, c, by + 1, bx + 1]) / 4;
                    Assert.Equal(mean, output[0, c, y, x], 1e-6);
                }
            }
        }
    }

    [Fact]
    public void Run_OddWidth_FailsLikeARealPixelUnshuffleModel()
    {
        using var model = new ModelRunner(PixelUnshuffleUpscalerModel.Build());

        Assert.ThrowsAny<OnnxRuntimeException>(() => model.Run(("input", Tensor.Float(TestData.Random(3 * 4 * 5, seed: 6), 1, 3, 4, 5))));
    }

    [Fact]
    public async Task WritePixelUnshuffleX2Async_WritesALoadableModelFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pixel-unshuffle-{Guid.NewGuid():N}", "x2.onnx");
        try
        {
            await DemoUpscalerWriter.WritePixelUnshuffleX2Async(file, TestContext.Current.CancellationToken);

            using var model = ModelRunner.FromFile(file);
            Assert.Equal(["input"], model.Inputs.Keys);
            Assert.Equal(["output"], model.Outputs.Keys);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }
}
