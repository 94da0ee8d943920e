namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>Schedulers that work on the alpha products ᾱ_t (DDIM, LCM): unit initial noise, unscaled model input,
/// DDPM-style noising, and ᾱ after the last step from <c>set_alpha_to_one</c>.</summary>
internal abstract class AlphaSchedulerBase : SchedulerBase
{
    protected AlphaSchedulerBase(SchedulerKind kind, SchedulerConfig config)
        : base(kind, config)
    {
        FinalAlphaCumprod = Settings.SetAlphaToOne ? 1f : Schedule.AlphasCumprod[0];
    }

    public override float InitNoiseSigma => 1f;

    internal float FinalAlphaCumprod { get; }

    public override void ScaleModelInput(ReadOnlySpan<float> sample, Span<float> destination, int stepIndex)
    {
        CheckStepIndex(stepIndex);
        Copy(sample, destination);
    }

    /// <summary>DDPM-style forward noising: sqrt(ᾱ_t)·x + sqrt(1 − ᾱ_t)·noise at the timestep of <paramref name="stepIndex"/>.</summary>
    public override void AddNoise(ReadOnlySpan<float> original, ReadOnlySpan<float> noise, int stepIndex, Span<float> destination)
    {
        CheckStepIndex(stepIndex);
        CheckSameLength(original.Length, noise.Length, nameof(noise));
        CheckSameLength(original.Length, destination.Length, nameof(destination));
        var alpha = Schedule.AlphasCumprod[(int)Timesteps[stepIndex]];
        LatentMath.Combine(original, MathF.Sqrt(alpha), noise, MathF.Sqrt(1f - alpha), destination);
    }

    /// <summary>ᾱ at <paramref name="timestep"/>, or <see cref="FinalAlphaCumprod"/> past the start of the table.</summary>
    protected double AlphaCumprodAt(int timestep) => timestep >= 0 ? Schedule.AlphasCumprod[timestep] : FinalAlphaCumprod;

    /// <summary>x0 = c1·sample + c2·model for an alpha-product parameterisation.</summary>
    protected (double SampleCoefficient, double ModelCoefficient) AlphaPredictedOriginal(double alphaProduct)
    {
        var sqrtAlpha = Math.Sqrt(alphaProduct);
        var sqrtBeta = Math.Sqrt(1 - alphaProduct);
        return Settings.PredictionType switch
        {
            PredictionType.Epsilon => (1 / sqrtAlpha, -sqrtBeta / sqrtAlpha),
            PredictionType.VPrediction => (sqrtAlpha, -sqrtBeta),
            _ => (0, 1),
        };
    }
}
