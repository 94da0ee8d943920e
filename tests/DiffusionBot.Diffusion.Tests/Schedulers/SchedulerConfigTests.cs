using DiffusionBot.Diffusion.Schedulers;
using Xunit;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

public sealed class SchedulerConfigTests
{
    private const string StableDiffusionJson = """
        {
          "_class_name": "PNDMScheduler",
          "_diffusers_version": "0.6.0",
          "beta_end": 0.012,
          "beta_schedule": "scaled_linear",
          "beta_start": 0.00085,
          "num_train_timesteps": 1000,
          "set_alpha_to_one": false,
          "skip_prk_steps": true,
          "steps_offset": 1,
          "trained_betas": null,
          "clip_sample": false
        }
        """;

    [Fact]
    public void Parse_StableDiffusionConfig_ReadsKnownKeysAndIgnoresOthers()
    {
        var config = SchedulerConfig.Parse(StableDiffusionJson);

        Assert.Equal("PNDMScheduler", config.ClassName);
        Assert.Equal(1000, config.NumTrainTimesteps);
        Assert.Equal(0.00085, config.BetaStart);
        Assert.Equal(0.012, config.BetaEnd);
        Assert.Equal(BetaSchedule.ScaledLinear, config.BetaSchedule);
        Assert.Null(config.TrainedBetas);
        Assert.Equal(1, config.StepsOffset);
        Assert.False(config.SetAlphaToOne);
        Assert.False(config.ClipSample);
        Assert.Null(config.TimestepSpacing);
        Assert.Equal(PredictionType.Epsilon, config.PredictionType);
    }

    [Fact]
    public void Parse_MissingSpacing_EachSchedulerUsesItsDiffusersDefault()
    {
        // As diffusers' test_default_arguments_not_in_config: DDIM leading, Euler linspace.
        var config = SchedulerConfig.Parse(StableDiffusionJson);
        var ddim = SchedulerFactory.Create(SchedulerKind.Ddim, config);
        var euler = SchedulerFactory.Create(SchedulerKind.Euler, config);
        ddim.SetTimesteps(10);
        euler.SetTimesteps(10);

        Assert.Equal(901f, ddim.Timesteps[0]);
        Assert.Equal(999f, euler.Timesteps[0]);
    }

    [Fact]
    public void Parse_AllSupportedKeys_RoundTrip()
    {
        var config = SchedulerConfig.Parse("""
            {"num_train_timesteps": 1000.0, "timestep_spacing": "trailing", "prediction_type": "v_prediction",
             "use_karras_sigmas": true, "clip_sample_range": 2.5, "original_inference_steps": 25, "timestep_scaling": 5,
             "thresholding": false, "rescale_betas_zero_snr": false, "beta_schedule": "squaredcos_cap_v2", "sample_max_value": 1.0,
             "final_sigmas_type": "sigma_min", "lower_order_final": false}
            """);

        Assert.Equal(TimestepSpacing.Trailing, config.TimestepSpacing);
        Assert.Equal(PredictionType.VPrediction, config.PredictionType);
        Assert.True(config.UseKarrasSigmas);
        Assert.Equal(2.5, config.ClipSampleRange);
        Assert.Equal(25, config.OriginalInferenceSteps);
        Assert.Equal(5, config.TimestepScaling);
        Assert.Equal(BetaSchedule.SquaredCosCapV2, config.BetaSchedule);
        Assert.Equal(FinalSigmasType.SigmaMin, config.FinalSigmasType);
        Assert.False(config.LowerOrderFinal);
    }

    [Theory]
    [InlineData("""{"beta_schedule": "cosine"}""", "beta_schedule")]
    [InlineData("""{"timestep_spacing": "even"}""", "timestep_spacing")]
    [InlineData("""{"prediction_type": "noise"}""", "prediction_type")]
    [InlineData("""{"num_train_timesteps": 0}""", "num_train_timesteps")]
    [InlineData("""{"num_train_timesteps": 10.5}""", "num_train_timesteps")]
    [InlineData("""{"num_train_timesteps": "1000"}""", "num_train_timesteps")]
    [InlineData("""{"beta_start": 1.5}""", "beta_start")]
    [InlineData("""{"beta_start": 0.02, "beta_end": 0.01}""", "beta_end")]
    [InlineData("""{"steps_offset": -1}""", "steps_offset")]
    [InlineData("""{"clip_sample": "yes"}""", "clip_sample")]
    [InlineData("""{"num_train_timesteps": 3, "trained_betas": [0.1, 0.2]}""", "trained_betas")]
    [InlineData("""{"original_inference_steps": 0}""", "original_inference_steps")]
    [InlineData("""{"final_sigmas_type": "one"}""", "final_sigmas_type")]
    [InlineData("""{"thresholding": true}""", "thresholding")]
    [InlineData("""{"rescale_betas_zero_snr": true}""", "rescale_betas_zero_snr")]
    [InlineData("""[1, 2]""", "(document)")]
    [InlineData("""{"beta_start": """, "(document)")]
    public void Parse_InvalidValue_ThrowsNamingTheKey(string json, string key)
    {
        var error = Assert.Throws<SchedulerConfigException>(() => SchedulerConfig.Parse(json));

        Assert.Equal(key, error.Key);
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsClearError()
    {
        var error = Assert.Throws<SchedulerConfigException>(() => SchedulerConfig.Load("/nonexistent/scheduler_config.json"));

        Assert.Contains("/nonexistent/scheduler_config.json", error.Message);
    }

    [Fact]
    public void Parse_TrainedBetas_OverrideSchedule()
    {
        var betas = string.Join(", ", Enumerable.Repeat("0.01", 10));
        var config = SchedulerConfig.Parse($$"""{"num_train_timesteps": 10, "trained_betas": [{{betas}}]}""");
        var scheduler = (DdimScheduler)SchedulerFactory.Create(SchedulerKind.Ddim, config with { SetAlphaToOne = false });

        Assert.Equal(10, config.TrainedBetas!.Count);
        Assert.Equal(0.99f, scheduler.FinalAlphaCumprod, 1e-6f);
    }

    [Fact]
    public void CreateLcm_OriginalStepsAboveTrainSteps_ThrowsNamingTheKey()
    {
        var config = SchedulerConfig.Parse("""{"original_inference_steps": 2000}""");

        var error = Assert.Throws<SchedulerConfigException>(() => SchedulerFactory.Create(SchedulerKind.Lcm, config));
        Assert.Equal("original_inference_steps", error.Key);
    }

    [Fact]
    public void StableDiffusionDefault_HasSd15Values()
    {
        var config = SchedulerConfig.StableDiffusionDefault;

        Assert.Equal(1000, config.NumTrainTimesteps);
        Assert.Equal(0.00085, config.BetaStart);
        Assert.Equal(0.012, config.BetaEnd);
        Assert.Equal(BetaSchedule.ScaledLinear, config.BetaSchedule);
        Assert.Equal(1, config.StepsOffset);
        Assert.Null(config.TimestepSpacing);
        Assert.Equal(PredictionType.Epsilon, config.PredictionType);
        Assert.False(config.ClipSample);
        Assert.False(config.SetAlphaToOne);
    }

    [Fact]
    public void StableDiffusionDefault_EqualsParsedSd15SchedulerConfig()
    {
        var parsed = SchedulerConfig.Parse(StableDiffusionJson);

        Assert.Equal(SchedulerConfig.StableDiffusionDefault, parsed with { ClassName = null });
    }

    [Theory]
    [InlineData(SchedulerKind.Ddim, 901f)]
    [InlineData(SchedulerKind.Lcm, 999f)]
    [InlineData(SchedulerKind.Euler, 999f)]
    [InlineData(SchedulerKind.Lms, 999f)]
    [InlineData(SchedulerKind.DpmPlusPlus2M, 999f)]
    public void StableDiffusionDefault_FirstTimestepFollowsClassDefaultSpacing(SchedulerKind kind, float expectedFirst)
    {
        var scheduler = SchedulerFactory.Create(kind, SchedulerConfig.StableDiffusionDefault);
        scheduler.SetTimesteps(10);

        Assert.Equal(expectedFirst, scheduler.Timesteps[0]);
    }

    [Fact]
    public void Create_InvalidProgrammaticConfig_ThrowsNamingTheKey()
    {
        var config = SchedulerConfig.StableDiffusionDefault with { ClipSampleRange = 0 };

        var error = Assert.Throws<SchedulerConfigException>(() => SchedulerFactory.Create(SchedulerKind.Ddim, config));
        Assert.Equal("clip_sample_range", error.Key);
    }

    [Fact]
    public void NoiseSchedule_SquaredCosCapV2_IsMonotoneAndCapped()
    {
        var config = new SchedulerConfig { BetaSchedule = BetaSchedule.SquaredCosCapV2 };
        var scheduler = (DdimScheduler)SchedulerFactory.Create(SchedulerKind.Ddim, config);
        var alphas = scheduler.Schedule.AlphasCumprod;

        for (var i = 1; i < alphas.Length; i++)
        {
            Assert.True(alphas[i] < alphas[i - 1]);
        }

        Assert.True(alphas[^1] > 0);
    }
}
