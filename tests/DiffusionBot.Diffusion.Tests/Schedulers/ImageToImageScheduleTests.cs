using DiffusionBot.Diffusion.Schedulers;
using Xunit;
using static DiffusionBot.Diffusion.Tests.Schedulers.SchedulerTestData;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

public sealed class ImageToImageScheduleTests
{
    [Theory]
    [InlineData(50, 0.75, 13)]   // init_timestep = int(37.5) = 37 → t_start 13
    [InlineData(10, 0.7, 3)]     // int(10 · 0.7) = 7 in double arithmetic, as Python
    [InlineData(10, 1.0, 0)]
    [InlineData(20, 0.3, 14)]
    [InlineData(4, 0.25, 3)]
    public void GetStartStepIndex_MatchesDiffusersGetTimesteps(int steps, double strength, int expected) =>
        Assert.Equal(expected, ImageToImageSchedule.GetStartStepIndex(steps, strength));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    [InlineData(0.05)] // 10 · 0.05 → 0 steps left
    public void GetStartStepIndex_BadStrength_Throws(double strength) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageToImageSchedule.GetStartStepIndex(10, strength));

    public static TheoryData<SchedulerKind> KindsThatCutTheFullSchedule =>
        new(Enum.GetValues<SchedulerKind>().Where(k => k != SchedulerKind.Lcm));

    [Theory]
    [MemberData(nameof(KindsThatCutTheFullSchedule))]
    public void SetImageToImageTimesteps_AllButLcm_FullScheduleStartedAtStrengthCut(SchedulerKind kind)
    {
        var full = SchedulerFactory.Create(kind, SchedulerConfig.StableDiffusionDefault);
        full.SetTimesteps(20);
        var scheduler = SchedulerFactory.Create(kind, SchedulerConfig.StableDiffusionDefault);

        var start = scheduler.SetImageToImageTimesteps(20, 0.3);

        Assert.Equal(14, start);
        Assert.Equal(full.Timesteps.ToArray(), scheduler.Timesteps.ToArray());
    }

    [Theory]
    [MemberData(nameof(SchedulerContractTests.AllKinds), MemberType = typeof(SchedulerContractTests))]
    public void SetImageToImageTimesteps_StrengthOutsideZeroToOne_ThrowsForStrength(SchedulerKind kind)
    {
        var scheduler = SchedulerFactory.Create(kind, SchedulerConfig.StableDiffusionDefault);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.SetImageToImageTimesteps(10, 1.5));
        Assert.Equal("strength", error.ParamName);
    }

    [Fact]
    public void AddNoise_Euler_AddsSigmaOfStartIndexTimesNoise()
    {
        var scheduler = (EulerDiscreteScheduler)SchedulerFactory.Create(SchedulerKind.Euler, SchedulerConfig.StableDiffusionDefault);
        var start = scheduler.SetImageToImageTimesteps(50, 0.6);
        var original = DummySampleDeter();
        var noise = DummyNoiseDeter();
        var noised = new float[original.Length];

        scheduler.AddNoise(original, noise, start, noised);

        Assert.Equal(20, start);
        for (var i = 0; i < noised.Length; i++)
        {
            Assert.Equal(original[i] + (noise[i] * scheduler.Sigmas[start]), noised[i], 1e-6f);
        }
    }

    [Fact]
    public void AddNoise_DpmPlusPlus_UsesAlphaAndSigmaOfStep()
    {
        // diffusers: α = 1/sqrt(σ²+1), σ_t = σ·α; tolerance 1e-6.
        var scheduler = (DpmSolverMultistepScheduler)SchedulerFactory.Create(SchedulerKind.DpmPlusPlus2M, SchedulerConfig.StableDiffusionDefault);
        scheduler.SetTimesteps(20);
        var original = DummySampleDeter();
        var noise = DummyNoiseDeter();
        var noised = new float[original.Length];

        scheduler.AddNoise(original, noise, 5, noised);

        double sigma = scheduler.Sigmas[5];
        var alpha = 1 / Math.Sqrt((sigma * sigma) + 1);
        Assert.Equal((float)((alpha * original[7]) + (sigma * alpha * noise[7])), noised[7], 1e-6f);
    }
}
