using DiffusionBot.DemoModels.Onnx;
using DiffusionBot.OnnxFormat;
using DiffusionBot.DemoModels.Schedule;

namespace DiffusionBot.DemoModels.Models;

/// <summary>
/// UNet oracle: the target x0 = 0.18215 · (Σ over tokens of hidden[..., 0:4] with channel 3 zeroed, plus the
/// optional texture), broadcast over the latent; returns eps = (sample − √ᾱ·x0) / √(1 − ᾱ) or
/// v = √ᾱ·eps − √(1 − ᾱ)·x0, with ᾱ(t) from the scaled-linear schedule, log-sigma interpolated for fractional t.
/// All arithmetic is float32 (schedule coefficients in float64), float16 inputs are cast in and out.
/// </summary>
internal static class UnetModel
{
    public const int TextureChannels = 32;
    public const ulong TextureSeed = 0x5EED_D1FF_0000_0017UL;

    public static ModelProto Build(DemoModelOptions options)
    {
        var io = options.Float16 ? ElementType.Float16 : ElementType.Float;
        var timestepType = options.TimestepDtype switch
        {
            DemoTimestepDtype.Int64 => ElementType.Int64,
            DemoTimestepDtype.Float16 => ElementType.Float16,
            _ => ElementType.Float,
        };

        var g = new OnnxGraphBuilder("demo_unet");
        g.Input("sample", io, "batch", OracleSpec.LatentChannels, "height", "width");
        g.Input("timestep", timestepType, 1);
        g.Input("encoder_hidden_states", io, "batch", OracleSpec.SequenceLength, OracleSpec.HiddenSize);
        if (options.GuidanceEmbeddingWidth > 0)
        {
            g.Input("timestep_cond", ElementType.Float, "batch", options.GuidanceEmbeddingWidth);
        }

        var sample = options.Float16 ? g.Cast("sample", ElementType.Float) : "sample";
        var hidden = options.Float16 ? g.Cast("encoder_hidden_states", ElementType.Float) : "encoder_hidden_states";

        var colourDims = g.Node("Slice", [hidden, g.Int64s("slice_starts", 0), g.Int64s("slice_ends", OracleSpec.LatentChannels), g.Int64s("slice_axes", 2)]);
        var colourSum = g.Node("ReduceSum", [colourDims, g.Int64s("token_axis", 1)], attributes: Attr.Int("keepdims", 0));
        var masked = g.Mul(colourSum, g.Floats("channel_mask", 1, 1, 1, 0));
        var colour = g.Node("Unsqueeze", [masked, g.Int64s("spatial_axes", 2, 3)]);
        if (options.TextureStrength > 0)
        {
            colour = g.Add(colour, Texture(g, sample, options.TextureStrength));
        }

        var x0 = g.Mul(colour, g.Floats("latent_scaling_factor", OracleSpec.LatentScalingFactor));
        var (sqrtAlphaBar, sqrtOneMinusAlphaBar) = ScheduleCoefficients(g);

        var eps = g.Div(g.Sub(sample, g.Mul(sqrtAlphaBar, x0)), sqrtOneMinusAlphaBar);
        var prediction = options.PredictionType == DemoPredictionType.VPrediction
            ? g.Sub(g.Mul(sqrtAlphaBar, eps), g.Mul(sqrtOneMinusAlphaBar, x0))
            : eps;
        if (options.Float16)
        {
            g.Cast(prediction, ElementType.Float16, "out_sample");
        }
        else
        {
            g.Identity(prediction, "out_sample");
        }

        g.Output("out_sample", io, "batch", OracleSpec.LatentChannels, "height", "width");
        return g.Build($"Demo UNet oracle ({options.Describe()}).");
    }

    /// <summary>√ᾱ(t) and √(1 − ᾱ(t)) as float [1]: log(sigma) = Σ_i max(0, 1 − |t − i|)·log_sigma_i, the linear
    /// interpolation between neighbouring integer timesteps (exact table values at integer t).</summary>
    private static (string SqrtAlphaBar, string SqrtOneMinusAlphaBar) ScheduleCoefficients(OnnxGraphBuilder g)
    {
        var n = ScaledLinearSchedule.TrainTimesteps;
        var t = g.Cast("timestep", ElementType.Double);
        var clamped = g.Node("Min", [g.Node("Max", [t, g.Doubles("t_min", 0)]), g.Doubles("t_max", n - 1)]);
        var distance = g.Node("Abs", [g.Sub(clamped, g.Initializer("train_timesteps", Enumerable.Range(0, n).Select(i => (double)i).ToArray(), n))]);
        var one = g.Doubles("one", 1);
        var weights = g.Node("Max", [g.Sub(one, distance), g.Doubles("zero", 0)]);
        var logSigmas = g.Initializer("log_sigmas", ScaledLinearSchedule.LogSigmas.ToArray(), n);
        var logSigma = g.Node("ReduceSum", [g.Mul(weights, logSigmas), g.Int64s("table_axis", 0)], attributes: Attr.Int("keepdims", 1));
        var sigmaSquared = g.Node("Exp", [g.Mul(logSigma, g.Doubles("two", 2))]);
        var onePlusSigmaSquared = g.Add(one, sigmaSquared);
        var sqrtAlphaBar = g.Node("Sqrt", [g.Div(one, onePlusSigmaSquared)]);
        var sqrtOneMinusAlphaBar = g.Node("Sqrt", [g.Div(sigmaSquared, onePlusSigmaSquared)]);
        return (g.Cast(sqrtAlphaBar, ElementType.Float), g.Cast(sqrtOneMinusAlphaBar, ElementType.Float));
    }

    /// <summary>strength · tanh(conv(relu(conv(relu(conv(sample)))))), 4 → 32 → 32 → 4 channels, 3×3 same padding,
    /// fixed pseudo-random weights; output channel 3 is exactly 0.</summary>
    private static string Texture(OnnxGraphBuilder g, string sample, float strength)
    {
        var random = new SeededGaussian(TextureSeed);
        var hidden = g.Node("Relu", [Conv(g, random, "texture_conv1", sample, OracleSpec.LatentChannels, TextureChannels, Math.Sqrt(2.0 / (OracleSpec.LatentChannels * 9)))]);
        hidden = g.Node("Relu", [Conv(g, random, "texture_conv2", hidden, TextureChannels, TextureChannels, Math.Sqrt(2.0 / (TextureChannels * 9)))]);
        var last = Conv(g, random, "texture_conv3", hidden, TextureChannels, OracleSpec.LatentChannels, Math.Sqrt(1.0 / (TextureChannels * 9)), zeroLastOutput: true);
        return g.Mul(g.Node("Tanh", [last]), g.Floats("texture_strength", strength));
    }

    private static string Conv(OnnxGraphBuilder g, SeededGaussian random, string name, string input, int inChannels, int outChannels, double scale, bool zeroLastOutput = false)
    {
        var perOutput = inChannels * 9;
        var weights = random.Fill(outChannels * perOutput, scale);
        var bias = random.Fill(outChannels, 0.1);
        if (zeroLastOutput)
        {
            Array.Clear(weights, (outChannels - 1) * perOutput, perOutput);
            bias[outChannels - 1] = 0;
        }

        var w = g.Initializer($"{name}_weight", weights, outChannels, inChannels, 3, 3);
        var b = g.Initializer($"{name}_bias", bias, outChannels);
        return g.Node("Conv", [input, w, b], attributes: [Attr.Ints("kernel_shape", 3, 3), Attr.Ints("pads", 1, 1, 1, 1)]);
    }
}
