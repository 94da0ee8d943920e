// TEMPORARY stand-in for the schedulers branch; deleted when it is merged.
using DiffusionBot.Diffusion.Randomness;

namespace DiffusionBot.Diffusion.Schedulers;

public enum SchedulerKind { Ddim, Euler, EulerAncestral, DpmPlusPlus2M, DpmPlusPlus2MKarras, Lms, Lcm }

public sealed class SchedulerConfig
{
    public static SchedulerConfig Default { get; } = new();

    public static SchedulerConfig FromFile(string path) => File.Exists(path) ? new() : Default;
}

public interface IScheduler
{
    void SetTimesteps(int steps);
    IReadOnlyList<float> Timesteps { get; }
    float InitNoiseSigma { get; }
    void ScaleModelInput(ReadOnlySpan<float> sample, Span<float> destination, int stepIndex);
    void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, IGaussianNoise noise);
    int GetImageToImageStartIndex(float strength);
    void AddNoise(Span<float> originalSample, ReadOnlySpan<float> noise, int stepIndex);
}

public static class SchedulerFactory
{
    public static IScheduler Create(SchedulerKind kind, SchedulerConfig config) => new EulerStub();
}

internal sealed class EulerStub : IScheduler
{
    private float[] _sigmas = [];
    private float[] _timesteps = [];
    public IReadOnlyList<float> Timesteps => _timesteps;
    public float InitNoiseSigma => _sigmas[0];

    public void SetTimesteps(int steps)
    {
        var acp = new double[1000];
        var p = 1.0;
        for (var i = 0; i < 1000; i++)
        {
            var b = Math.Pow(Math.Sqrt(0.00085) + (Math.Sqrt(0.012) - Math.Sqrt(0.00085)) * i / 999, 2);
            p *= 1 - b;
            acp[i] = p;
        }
        _timesteps = new float[steps];
        _sigmas = new float[steps + 1];
        for (var i = 0; i < steps; i++)
        {
            var t = steps == 1 ? 999 : 999.0 * (steps - 1 - i) / (steps - 1);
            _timesteps[i] = (float)t;
            var lo = (int)Math.Floor(t); var hi = Math.Min(lo + 1, 999); var w = t - lo;
            var s0 = Math.Sqrt((1 - acp[lo]) / acp[lo]); var s1 = Math.Sqrt((1 - acp[hi]) / acp[hi]);
            _sigmas[i] = (float)(s0 + (s1 - s0) * w);
        }
    }

    public void ScaleModelInput(ReadOnlySpan<float> sample, Span<float> destination, int stepIndex)
    {
        var s = 1f / MathF.Sqrt(_sigmas[stepIndex] * _sigmas[stepIndex] + 1);
        for (var i = 0; i < sample.Length; i++) destination[i] = sample[i] * s;
    }

    public void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, IGaussianNoise noise)
    {
        var dt = _sigmas[stepIndex + 1] - _sigmas[stepIndex];
        for (var i = 0; i < sample.Length; i++) sample[i] += modelOutput[i] * dt;
    }

    public int GetImageToImageStartIndex(float strength) => _timesteps.Length - Math.Min((int)(_timesteps.Length * strength), _timesteps.Length);

    public void AddNoise(Span<float> originalSample, ReadOnlySpan<float> noise, int stepIndex)
    {
        for (var i = 0; i < originalSample.Length; i++) originalSample[i] += noise[i] * _sigmas[stepIndex];
    }
}
