using DiffusionBot.Diffusion.Randomness;

namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>
/// diffusers' LMSDiscreteScheduler, order 4. The last four ODE derivatives live in a ring of preallocated buffers.
/// The linear-multistep coefficients integrate a Lagrange basis polynomial of degree ≤ 3 between consecutive sigmas;
/// diffusers uses scipy <c>integrate.quad</c> (epsrel 1e-4), here a 3-point Gauss–Legendre rule, which is exact for
/// polynomials up to degree 5, so the only error is double rounding (relative ~1e-15, far inside quad's 1e-4).
/// </summary>
internal sealed class LmsDiscreteScheduler : SigmaSchedulerBase
{
    private const int MaxOrder = 4;
    private static readonly double[] GaussNodes = [-Math.Sqrt(0.6), 0.0, Math.Sqrt(0.6)];
    private static readonly double[] GaussWeights = [5.0 / 9.0, 8.0 / 9.0, 5.0 / 9.0];

    private readonly float[]?[] _derivatives = new float[MaxOrder][];
    private int _derivativeCount;
    private int _newest = -1;
    private int _lastStepIndex = -1;

    public LmsDiscreteScheduler(SchedulerConfig config)
        : base(SchedulerKind.Lms, config)
    {
    }

    public override void Step(ReadOnlySpan<float> modelOutput, int stepIndex, Span<float> sample, IGaussianNoise noise)
    {
        CheckStepIndex(stepIndex);
        CheckSameLength(sample.Length, modelOutput.Length, nameof(modelOutput));
        CheckConsecutiveStep(stepIndex, _lastStepIndex);

        // derivative = (sample − x0)/σ with x0 = c1·sample + c2·model.
        double sigma = Sigmas[stepIndex];
        var (c1, c2) = SigmaPredictedOriginal(sigma);
        for (var i = 0; i < MaxOrder; i++)
        {
            LatentMath.Ensure(ref _derivatives[i], sample.Length);
        }

        _newest = (_newest + 1) % MaxOrder;
        var derivative = _derivatives[_newest]!;
        LatentMath.Combine(sample, (float)((1 - c1) / sigma), modelOutput, (float)(-c2 / sigma), derivative);
        _derivativeCount = Math.Min(_derivativeCount + 1, MaxOrder);

        // As diffusers: the order follows the absolute step index, the sum pairs coefficients with the newest derivatives.
        var order = Math.Min(stepIndex + 1, MaxOrder);
        var terms = Math.Min(order, _derivativeCount);
        for (var k = 0; k < terms; k++)
        {
            var coefficient = LmsCoefficient(order, stepIndex, k);
            var older = _derivatives[(_newest - k + MaxOrder) % MaxOrder]!;
            LatentMath.Combine(sample, 1f, older, (float)coefficient, sample);
        }

        _lastStepIndex = stepIndex;
    }

    protected override void ResetState()
    {
        _derivativeCount = 0;
        _newest = -1;
        _lastStepIndex = -1;
    }

    /// <summary>∫_{σ_t}^{σ_{t+1}} Π_{k≠current} (τ − σ_{t−k}) / (σ_{t−current} − σ_{t−k}) dτ.</summary>
    internal double LmsCoefficient(int order, int t, int current)
    {
        var sigmas = Sigmas;
        double from = sigmas[t];
        double to = sigmas[t + 1];
        var half = (to - from) / 2;
        var middle = (to + from) / 2;
        var integral = 0.0;
        for (var g = 0; g < GaussNodes.Length; g++)
        {
            var tau = middle + (half * GaussNodes[g]);
            var product = 1.0;
            for (var k = 0; k < order; k++)
            {
                if (k == current)
                {
                    continue;
                }

                product *= (tau - sigmas[t - k]) / ((double)sigmas[t - current] - sigmas[t - k]);
            }

            integral += GaussWeights[g] * product;
        }

        return integral * half;
    }
}
