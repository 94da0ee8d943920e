using DiffusionBot.DemoModels.Models;
using DiffusionBot.DemoModels.Tests.Support;

namespace DiffusionBot.DemoModels.Tests;

/// <summary>
/// The UNet returns the eps (or v) whose implied x0 is 0.18215 · Σ tokens hidden[0..3] (channel 3 = 0).
/// Tolerances: float32 |Δ| ≤ 1e-4 + 1e-5·|expected|; float16 I/O |Δ| ≤ 4e-3 + 2e-3·|expected| (half precision is
/// 2^-11 relative, and eps at small t is ~25× the sample).
/// </summary>
public sealed class UnetOracleTests
{
    private const int Batch = 2;
    private const int Height = 3;
    private const int Width = 5;

    public static TheoryData<DemoTimestepDtype, bool, DemoPredictionType, double> Variants()
    {
        var data = new TheoryData<DemoTimestepDtype, bool, DemoPredictionType, double>();
        double[] integer = [1, 21, 500, 981, 999];
        double[] fractional = [0.5, 137.25, 500.75, 998.5];
        foreach (var prediction in new[] { DemoPredictionType.Epsilon, DemoPredictionType.VPrediction })
        {
            foreach (var t in integer)
            {
                data.Add(DemoTimestepDtype.Int64, false, prediction, t);
                data.Add(DemoTimestepDtype.Int64, true, prediction, t);
            }

            foreach (var t in fractional.Concat(integer))
            {
                data.Add(DemoTimestepDtype.Float32, false, prediction, t);
                data.Add(DemoTimestepDtype.Float32, true, prediction, t);
                data.Add(DemoTimestepDtype.Float16, true, prediction, t);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Run_AnyVariantAndTimestep_MatchesEpsOrVFormulaAndRecoversTarget(DemoTimestepDtype timestepDtype, bool float16, DemoPredictionType prediction, double timestep)
    {
        var options = new DemoModelOptions { TimestepDtype = timestepDtype, Float16 = float16, PredictionType = prediction };
        using var unet = new ModelRunner(UnetModel.Build(options));
        var sample = TestData.Random(Batch * 4 * Height * Width, seed: 7, scale: 2f);
        var hidden = TextEncoderHidden("a red fox", "blue blue");
        if (float16)
        {
            sample = sample.Select(Tensor.RoundToHalf).ToArray();
            hidden = hidden.Select(Tensor.RoundToHalf).ToArray();
        }

        var t = timestepDtype == DemoTimestepDtype.Float16 ? (double)(Half)timestep : timestep;
        var output = unet.Run(
            ("sample", float16 ? Tensor.Float16(sample, Batch, 4, Height, Width) : Tensor.Float(sample, Batch, 4, Height, Width)),
            ("timestep", TimestepTensor(timestepDtype, timestep)),
            ("encoder_hidden_states", float16 ? Tensor.Float16(hidden, Batch, 77, OracleSpec.HiddenSize) : Tensor.Float(hidden, Batch, 77, OracleSpec.HiddenSize)))["out_sample"];

        Assert.Equal([Batch, 4, Height, Width], output.Shape);
        var ab = OracleSpec.AlphaBar(t);
        var sqrtAb = Math.Sqrt(ab);
        var sqrtOneMinusAb = Math.Sqrt(1 - ab);
        var target = TargetX0(hidden);
        for (var n = 0; n < Batch; n++)
        {
            for (var c = 0; c < 4; c++)
            {
                for (var y = 0; y < Height; y++)
                {
                    for (var x = 0; x < Width; x++)
                    {
                        double s = sample[(((((n * 4) + c) * Height) + y) * Width) + x];
                        var x0 = target[n, c];
                        var eps = (s - (sqrtAb * x0)) / sqrtOneMinusAb;
                        var expected = prediction == DemoPredictionType.VPrediction ? (sqrtAb * eps) - (sqrtOneMinusAb * x0) : eps;
                        double actual = output[n, c, y, x];
                        AssertClose(expected, actual, float16, $"out[{n},{c},{y},{x}] at t={t}");

                        var recovered = prediction == DemoPredictionType.VPrediction
                            ? (sqrtAb * s) - (sqrtOneMinusAb * actual)
                            : (s - (sqrtOneMinusAb * actual)) / sqrtAb;
                        var recoveryTolerance = (float16 ? 4e-3 : 1e-4) * (1 + (Math.Abs(s) / sqrtAb));
                        Assert.True(Math.Abs(recovered - x0) <= recoveryTolerance, $"x0[{n},{c}] recovered {recovered}, target {x0}, t={t}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Build_TextureZero_HasNoConvBranch()
    {
        var model = UnetModel.Build(DemoModelOptions.Oracle);

        Assert.DoesNotContain(model.Graph.Node, node => node.OpType is "Conv" or "Tanh");
        Assert.Contains(UnetModel.Build(DemoModelOptions.Demo).Graph.Node, node => node.OpType == "Conv");
    }

    [Fact]
    public void Run_TextureZero_EqualsOracleBitForBitAcrossSamples()
    {
        using var oracle = new ModelRunner(UnetModel.Build(DemoModelOptions.Oracle));
        using var explicitZero = new ModelRunner(UnetModel.Build(DemoModelOptions.Demo with { TextureStrength = 0 }));
        var hidden = TextEncoderHidden("green", "");
        var inputs = UnetInputs(TestData.Random(Batch * 4 * 16, seed: 3), hidden, 4, 4, 500);

        var a = oracle.Run(inputs)["out_sample"];
        var b = explicitZero.Run(inputs)["out_sample"];

        Assert.Equal(a.Data, b.Data);
    }

    [Fact]
    public void Run_WithTexture_X0DependsOnSampleAndChannel3StaysZero()
    {
        using var unet = new ModelRunner(UnetModel.Build(DemoModelOptions.Demo));
        var hidden = TextEncoderHidden("green", "");
        var sampleA = TestData.Random(Batch * 4 * 64, seed: 11);
        var sampleB = TestData.Random(Batch * 4 * 64, seed: 12);
        const double t = 500;

        var x0A = RecoverX0(unet.Run(UnetInputs(sampleA, hidden, 8, 8, t))["out_sample"], sampleA, t);
        var x0B = RecoverX0(unet.Run(UnetInputs(sampleB, hidden, 8, 8, t))["out_sample"], sampleB, t);

        Assert.True(x0A.Zip(x0B).Max(p => Math.Abs(p.First - p.Second)) > 1e-3, "texture should make x0 depend on the sample");
        var limit = OracleSpec.LatentScalingFactor * (1 + (DemoModelOptions.Demo.TextureStrength * 1.001) + 1e-3);
        Assert.All(x0A, v => Assert.True(Math.Abs(v) <= limit, $"|x0| {v} beyond colour + texture bound {limit}"));
        for (var n = 0; n < Batch; n++)
        {
            for (var i = 0; i < 64; i++)
            {
                Assert.True(Math.Abs(x0A[(((n * 4) + 3) * 64) + i]) < 1e-4, "channel 3 must stay 0");
            }
        }
    }

    internal static (string, Tensor)[] UnetInputs(float[] sample, float[] hidden, int height, int width, double timestep) =>
    [
        ("sample", Tensor.Float(sample, Batch, 4, height, width)),
        ("timestep", Tensor.Float([(float)timestep], 1)),
        ("encoder_hidden_states", Tensor.Float(hidden, Batch, 77, OracleSpec.HiddenSize)),
    ];

    /// <summary>[2, 77, H] hidden states as the text encoder produces them: batch 0 = uncond, 1 = cond.</summary>
    internal static float[] TextEncoderHidden(string cond, string uncond)
    {
        using var encoder = new ModelRunner(TextEncoderModel.Build());
        var ids = TestData.InputIds(uncond).Concat(TestData.InputIds(cond)).ToArray();
        return encoder.Run(("input_ids", Tensor.Int32(ids, Batch, 77)))["last_hidden_state"].Data;
    }

    private static double[] RecoverX0(Tensor eps, float[] sample, double t)
    {
        var ab = OracleSpec.AlphaBar(t);
        return sample.Select((s, i) => (s - (Math.Sqrt(1 - ab) * eps.Data[i])) / Math.Sqrt(ab)).ToArray();
    }

    private static double[,] TargetX0(float[] hidden)
    {
        var target = new double[Batch, 4];
        for (var n = 0; n < Batch; n++)
        {
            for (var c = 0; c < 3; c++)
            {
                double sum = 0;
                for (var token = 0; token < 77; token++)
                {
                    sum += hidden[(((n * 77) + token) * OracleSpec.HiddenSize) + c];
                }

                target[n, c] = OracleSpec.LatentScalingFactor * sum;
            }
        }

        return target;
    }

    private static Tensor TimestepTensor(DemoTimestepDtype dtype, double timestep) => dtype switch
    {
        DemoTimestepDtype.Int64 => Tensor.Int64([(long)timestep], 1),
        DemoTimestepDtype.Float16 => Tensor.Float16([(float)timestep], 1),
        _ => Tensor.Float([(float)timestep], 1),
    };

    private static void AssertClose(double expected, double actual, bool float16, string what)
    {
        var tolerance = float16 ? 4e-3 + (2e-3 * Math.Abs(expected)) : 1e-4 + (1e-5 * Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected}, got {actual} (tolerance {tolerance})");
    }
}
