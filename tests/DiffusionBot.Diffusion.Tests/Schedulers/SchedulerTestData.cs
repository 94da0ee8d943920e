using DiffusionBot.Diffusion.Randomness;
using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

/// <summary>Ports of diffusers' tests/schedulers/test_schedulers.py fixtures: dummy_sample_deter, dummy_noise_deter
/// (4×3×8×8, NCHW) and dummy_model (sample · t / (t + 1)).</summary>
internal static class SchedulerTestData
{
    private const int Batch = 4;
    private const int Channels = 3;
    private const int Height = 8;
    private const int Width = 8;
    public const int Elements = Batch * Channels * Height * Width;

    /// <summary>torch.arange(768).reshape(3, 8, 8, 4) / 768, permuted to (4, 3, 8, 8).</summary>
    public static float[] DummySampleDeter() => Deterministic(flip: false);

    /// <summary>As <see cref="DummySampleDeter"/> with the arange flipped.</summary>
    public static float[] DummyNoiseDeter() => Deterministic(flip: true);

    /// <summary>dummy_model: sample · t / (t + 1), in float32 as torch does.</summary>
    public static void DummyModel(ReadOnlySpan<float> sample, float t, Span<float> output)
    {
        for (var i = 0; i < sample.Length; i++)
        {
            output[i] = sample[i] * t / (t + 1f);
        }
    }

    public static double SumAbs(ReadOnlySpan<float> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += Math.Abs(v);
        }

        return sum;
    }

    public static double MeanAbs(ReadOnlySpan<float> values) => SumAbs(values) / values.Length;

    /// <summary>The DDIM / DPM / LCM test loop: residual = model(sample, t); sample = step(residual).</summary>
    public static float[] UnscaledLoop(IScheduler scheduler, int steps, IGaussianNoise? noise = null)
    {
        scheduler.SetTimesteps(steps);
        var sample = DummySampleDeter();
        var residual = new float[sample.Length];
        noise ??= new FakeGaussianNoise(0);
        for (var i = 0; i < scheduler.Timesteps.Length; i++)
        {
            DummyModel(sample, scheduler.Timesteps[i], residual);
            scheduler.Step(residual, i, sample, noise);
        }

        return sample;
    }

    /// <summary>The Euler / LMS test loop: sample = deter · init_noise_sigma; each step the scaled input replaces the
    /// sample (as diffusers' tests do) before model and step.</summary>
    public static float[] ScaledLoop(IScheduler scheduler, int steps, IGaussianNoise? noise = null)
    {
        scheduler.SetTimesteps(steps);
        var sample = DummySampleDeter();
        var init = scheduler.InitNoiseSigma;
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] *= init;
        }

        var residual = new float[sample.Length];
        noise ??= new FakeGaussianNoise(0);
        for (var i = 0; i < scheduler.Timesteps.Length; i++)
        {
            scheduler.ScaleModelInput(sample, sample, i);
            DummyModel(sample, scheduler.Timesteps[i], residual);
            scheduler.Step(residual, i, sample, noise);
        }

        return sample;
    }

    /// <summary>diffusers' test config: 1000 (or given) train steps, linear 0.0001..0.02.</summary>
    public static SchedulerConfig LinearConfig(int trainSteps = 1000) => new()
    {
        NumTrainTimesteps = trainSteps,
        BetaStart = 0.0001,
        BetaEnd = 0.02,
        BetaSchedule = BetaSchedule.Linear,
    };

    private static float[] Deterministic(bool flip)
    {
        var result = new float[Elements];
        for (var b = 0; b < Batch; b++)
        {
            for (var c = 0; c < Channels; c++)
            {
                for (var h = 0; h < Height; h++)
                {
                    for (var w = 0; w < Width; w++)
                    {
                        var source = (((((c * Height) + h) * Width) + w) * Batch) + b;
                        var value = flip ? Elements - 1 - source : source;
                        result[(((((b * Channels) + c) * Height) + h) * Width) + w] = (float)value / Elements;
                    }
                }
            }
        }

        return result;
    }
}

/// <summary>Hands out the same values on every draw: diffusers' explicit <c>variance_noise</c> argument.</summary>
internal sealed class RepeatingNoise(float[] values) : IGaussianNoise
{
    public int Draws { get; private set; }

    public void Fill(Span<float> destination)
    {
        Draws++;
        values.CopyTo(destination);
    }
}

/// <summary>A small deterministic stand-in for the real seeded RNG: xorshift64* uniforms through Box–Muller.</summary>
internal sealed class FakeGaussianNoise(ulong seed) : IGaussianNoise
{
    private ulong _state = seed * 0x9E3779B97F4A7C15UL + 0x2545F4914F6CDD1DUL;

    public int Draws { get; private set; }

    public void Fill(Span<float> destination)
    {
        Draws++;
        for (var i = 0; i < destination.Length; i += 2)
        {
            var u1 = NextUniform();
            var u2 = NextUniform();
            var radius = Math.Sqrt(-2 * Math.Log(u1));
            destination[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < destination.Length)
            {
                destination[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
            }
        }
    }

    private double NextUniform()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        var bits = (_state * 0x2545F4914F6CDD1DUL) >> 11;
        return (bits + 0.5) / (1UL << 53);
    }
}
