using DiffusionBot.Diffusion.Schedulers;
using Xunit;
using static DiffusionBot.Diffusion.Tests.Schedulers.SchedulerTestData;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

/// <summary>Behaviour every scheduler shares: reuse, argument errors, and no allocation per step.</summary>
public sealed class SchedulerContractTests
{
    public static TheoryData<SchedulerKind> AllKinds => [.. Enum.GetValues<SchedulerKind>()];

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void SetTimesteps_ReusedInstance_GivesIdenticalResults(SchedulerKind kind)
    {
        var scheduler = SchedulerFactory.Create(kind, SchedulerConfig.StableDiffusionDefault);

        var first = ScaledLoop(scheduler, 8, new FakeGaussianNoise(11));
        var other = ScaledLoop(scheduler, 5, new FakeGaussianNoise(12));
        var again = ScaledLoop(scheduler, 8, new FakeGaussianNoise(11));
        var fresh = ScaledLoop(SchedulerFactory.Create(kind, SchedulerConfig.StableDiffusionDefault), 8, new FakeGaussianNoise(11));

        Assert.Equal(first, again);
        Assert.Equal(first, fresh);
        Assert.NotEqual(first, other);
        Assert.All(first, v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void SetTimesteps_NonPositiveOrTooManySteps_Throws(SchedulerKind kind)
    {
        var scheduler = SchedulerFactory.Create(kind, SchedulerConfig.StableDiffusionDefault);

        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.SetTimesteps(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.SetTimesteps(-3));
        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.SetTimesteps(1001));
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Step_BeforeSetTimesteps_ThrowsClearError(SchedulerKind kind)
    {
        var scheduler = SchedulerFactory.Create(kind, SchedulerConfig.StableDiffusionDefault);
        var sample = new float[8];

        var error = Assert.Throws<InvalidOperationException>(() => scheduler.Step(new float[8], 0, sample, new FakeGaussianNoise(0)));
        Assert.Contains("SetTimesteps", error.Message);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Step_BadIndexOrLength_Throws(SchedulerKind kind)
    {
        var scheduler = SchedulerFactory.Create(kind, SchedulerConfig.StableDiffusionDefault);
        scheduler.SetTimesteps(4);
        var sample = new float[8];

        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.Step(new float[8], 4, sample, new FakeGaussianNoise(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.Step(new float[8], -1, sample, new FakeGaussianNoise(0)));
        Assert.Throws<ArgumentException>(() => scheduler.Step(new float[7], 0, sample, new FakeGaussianNoise(0)));
        Assert.Throws<ArgumentException>(() => scheduler.ScaleModelInput(sample, new float[9], 0));
        Assert.Throws<ArgumentException>(() => scheduler.AddNoise(sample, new float[7], 0, new float[8]));
    }

    public static TheoryData<SchedulerKind, double> AllKindsAndDdimWithEta =>
        [.. Enum.GetValues<SchedulerKind>().Select(k => (k, 0.0)), (SchedulerKind.Ddim, 0.5)];

    [Theory]
    [MemberData(nameof(AllKindsAndDdimWithEta))]
    public void Step_AfterFirstStep_AllocatesNothing(SchedulerKind kind, double ddimEta)
    {
        // A first job JIT-compiles every path (type loading may allocate once); later jobs are then measured from their
        // second step on: ScaleModelInput, Step and AddNoise must allocate 0 bytes. The counter is per thread, but a
        // tiered-JIT recompilation or another runtime event can still land on it once, so the least of several jobs counts.
        var scheduler = SchedulerFactory.Create(kind, SchedulerConfig.StableDiffusionDefault, ddimEta);
        var sample = new float[4 * 4 * 64 * 64];
        var input = new float[sample.Length];
        var output = new float[sample.Length];
        var noise = new FakeGaussianNoise(1);
        RunJob(scheduler, sample, input, output, noise, measureFromSecondStep: false);

        var allocated = Enumerable.Range(0, 3).Select(_ => RunJob(scheduler, sample, input, output, noise, measureFromSecondStep: true)).Min();

        Assert.Equal(0, allocated);
    }

    private static long RunJob(IScheduler scheduler, float[] sample, float[] input, float[] output, FakeGaussianNoise noise, bool measureFromSecondStep)
    {
        scheduler.SetTimesteps(20);
        Array.Clear(sample);
        DummySampleDeter().CopyTo(sample, 0);
        var before = 0L;
        for (var i = 0; i < scheduler.Timesteps.Length; i++)
        {
            if (i == 1)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
            }

            scheduler.ScaleModelInput(sample, input, i);
            DummyModel(input, scheduler.Timesteps[i], output);
            scheduler.Step(output, i, sample, noise);
        }

        scheduler.AddNoise(sample, input, 3, output);
        return measureFromSecondStep ? GC.GetAllocatedBytesForCurrentThread() - before : 0;
    }
}
