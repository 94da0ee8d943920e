using System.Text.Json;

namespace DiffusionBot.Diffusion.Schedulers;

public sealed partial record SchedulerConfig
{
    /// <summary>Reads a diffusers <c>scheduler_config.json</c> file. See <see cref="Parse"/>.</summary>
    public static SchedulerConfig Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SchedulerConfigException("(file)", $"could not be read from '{path}': {e.Message}", e);
        }

        return Parse(json);
    }

    /// <summary>
    /// Parses the text of a diffusers <c>scheduler_config.json</c>. Unknown keys (and <c>_class_name</c>,
    /// <c>_diffusers_version</c>, <c>skip_prk_steps</c>, …) are tolerated; a JSON <c>null</c> counts as absent.
    /// Features this engine does not implement (<c>thresholding</c>, <c>rescale_betas_zero_snr</c>) are refused
    /// when switched on, since ignoring them would change the images. The result is validated.
    /// </summary>
    public static SchedulerConfig Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new SchedulerConfigException("(document)", $"is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SchedulerConfigException("(document)", "must be a JSON object");
            }

            var config = new SchedulerConfig();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                config = Apply(config, property.Name, property.Value);
            }

            config.Validate();
            return config;
        }
    }

    private static SchedulerConfig Apply(SchedulerConfig config, string key, JsonElement value) => key switch
    {
        "_class_name" => config with { ClassName = ReadString(key, value) },
        "num_train_timesteps" => config with { NumTrainTimesteps = ReadInt(key, value) },
        "beta_start" => config with { BetaStart = ReadDouble(key, value) },
        "beta_end" => config with { BetaEnd = ReadDouble(key, value) },
        "beta_schedule" => config with { BetaSchedule = ReadBetaSchedule(key, value) },
        "trained_betas" => config with { TrainedBetas = ReadDoubleArray(key, value) },
        "steps_offset" => config with { StepsOffset = ReadInt(key, value) },
        "timestep_spacing" => config with { TimestepSpacing = ReadSpacing(key, value) },
        "prediction_type" => config with { PredictionType = ReadPredictionType(key, value) },
        "clip_sample" => config with { ClipSample = ReadBool(key, value) },
        "clip_sample_range" => config with { ClipSampleRange = ReadDouble(key, value) },
        "set_alpha_to_one" => config with { SetAlphaToOne = ReadBool(key, value) },
        "use_karras_sigmas" => config with { UseKarrasSigmas = ReadBool(key, value) },
        "final_sigmas_type" => config with { FinalSigmasType = ReadFinalSigmas(key, value) },
        "lower_order_final" => config with { LowerOrderFinal = ReadBool(key, value) },
        "original_inference_steps" => config with { OriginalInferenceSteps = ReadInt(key, value) },
        "timestep_scaling" => config with { TimestepScaling = ReadDouble(key, value) },
        "thresholding" or "rescale_betas_zero_snr" => RefuseIfOn(config, key, value),
        _ => config,
    };

    private static SchedulerConfig RefuseIfOn(SchedulerConfig config, string key, JsonElement value) =>
        ReadBool(key, value) ? throw new SchedulerConfigException(key, "is true, which this engine does not support") : config;

    private static string ReadString(string key, JsonElement value) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new SchedulerConfigException(key, $"must be a string (got {value.ValueKind})");

    private static bool ReadBool(string key, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new SchedulerConfigException(key, $"must be true or false (got {value.ValueKind})"),
    };

    private static double ReadDouble(string key, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw new SchedulerConfigException(key, $"must be a number (got {value.ValueKind})");

    private static int ReadInt(string key, JsonElement value)
    {
        var number = ReadDouble(key, value);
        if (number != Math.Floor(number) || number < int.MinValue || number > int.MaxValue)
        {
            throw new SchedulerConfigException(key, $"must be a whole number (got {value.GetRawText()})");
        }

        return (int)number;
    }

    private static double[] ReadDoubleArray(string key, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new SchedulerConfigException(key, $"must be an array of numbers (got {value.ValueKind})");
        }

        var result = new double[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            result[i++] = ReadDouble(key, item);
        }

        return result;
    }

    private static BetaSchedule ReadBetaSchedule(string key, JsonElement value) => ReadString(key, value) switch
    {
        "linear" => Schedulers.BetaSchedule.Linear,
        "scaled_linear" => Schedulers.BetaSchedule.ScaledLinear,
        "squaredcos_cap_v2" => Schedulers.BetaSchedule.SquaredCosCapV2,
        var other => throw new SchedulerConfigException(key, $"must be one of linear, scaled_linear, squaredcos_cap_v2 (got \"{other}\")"),
    };

    private static TimestepSpacing ReadSpacing(string key, JsonElement value) => ReadString(key, value) switch
    {
        "leading" => Schedulers.TimestepSpacing.Leading,
        "trailing" => Schedulers.TimestepSpacing.Trailing,
        "linspace" => Schedulers.TimestepSpacing.Linspace,
        var other => throw new SchedulerConfigException(key, $"must be one of leading, trailing, linspace (got \"{other}\")"),
    };

    private static FinalSigmasType ReadFinalSigmas(string key, JsonElement value) => ReadString(key, value) switch
    {
        "zero" => Schedulers.FinalSigmasType.Zero,
        "sigma_min" => Schedulers.FinalSigmasType.SigmaMin,
        var other => throw new SchedulerConfigException(key, $"must be one of zero, sigma_min (got \"{other}\")"),
    };

    private static PredictionType ReadPredictionType(string key, JsonElement value) => ReadString(key, value) switch
    {
        "epsilon" => PredictionType.Epsilon,
        "v_prediction" => PredictionType.VPrediction,
        "sample" => PredictionType.Sample,
        var other => throw new SchedulerConfigException(key, $"must be one of epsilon, v_prediction, sample (got \"{other}\")"),
    };
}
