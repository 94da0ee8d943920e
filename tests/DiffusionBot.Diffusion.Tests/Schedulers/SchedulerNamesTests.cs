using DiffusionBot.Diffusion.Schedulers;
using Xunit;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

public sealed class SchedulerNamesTests
{
    [Theory]
    [InlineData("ddim", SchedulerKind.Ddim)]
    [InlineData("DDIMScheduler", SchedulerKind.Ddim)]
    [InlineData("euler", SchedulerKind.Euler)]
    [InlineData("EulerDiscreteScheduler", SchedulerKind.Euler)]
    [InlineData("euler_a", SchedulerKind.EulerAncestral)]
    [InlineData("Euler-A", SchedulerKind.EulerAncestral)]
    [InlineData("EulerAncestralDiscreteScheduler", SchedulerKind.EulerAncestral)]
    [InlineData("dpm++2m", SchedulerKind.DpmPlusPlus2M)]
    [InlineData("DPMSolverMultistepScheduler", SchedulerKind.DpmPlusPlus2M)]
    [InlineData("dpm++2m-karras", SchedulerKind.DpmPlusPlus2MKarras)]
    [InlineData("DPM++ 2M Karras", SchedulerKind.DpmPlusPlus2MKarras)]
    [InlineData("k_dpmpp_2m_karras", SchedulerKind.DpmPlusPlus2MKarras)]
    [InlineData("DpmPlusPlus2MKarras", SchedulerKind.DpmPlusPlus2MKarras)]
    [InlineData("lms", SchedulerKind.Lms)]
    [InlineData("LMSDiscreteScheduler", SchedulerKind.Lms)]
    [InlineData("lcm", SchedulerKind.Lcm)]
    [InlineData("LCMScheduler", SchedulerKind.Lcm)]
    public void Parse_KnownName_ReturnsKind(string name, SchedulerKind expected) =>
        Assert.Equal(expected, SchedulerNames.Parse(name));

    [Theory]
    [InlineData("PNDMScheduler")]
    [InlineData("heun")]
    [InlineData("")]
    public void Parse_UnknownName_ThrowsListingValidNames(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => SchedulerNames.Parse(name));

        Assert.Contains($"'{name}'", error.Message);
        Assert.Contains("euler_a", error.Message);
        Assert.Contains("dpm++2m-karras", error.Message);
        Assert.Contains("EulerDiscreteScheduler", error.Message);
    }

    [Fact]
    public void ToName_EveryKind_ParsesBack()
    {
        foreach (var kind in Enum.GetValues<SchedulerKind>())
        {
            Assert.Equal(kind, SchedulerNames.Parse(SchedulerNames.ToName(kind)));
        }
    }

    [Fact]
    public void Create_ByName_ReturnsSchedulerOfThatKind()
    {
        foreach (var kind in Enum.GetValues<SchedulerKind>())
        {
            var scheduler = SchedulerFactory.Create(SchedulerNames.ToName(kind), SchedulerConfig.StableDiffusionDefault);

            Assert.Equal(kind, scheduler.Kind);
            Assert.Equal(1, scheduler.Order);
        }
    }
}
