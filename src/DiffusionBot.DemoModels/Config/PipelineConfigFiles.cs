using System.Text.Json.Nodes;

namespace DiffusionBot.DemoModels.Config;

/// <summary>model_index.json, the scheduler config (SD 1.5 EulerDiscreteScheduler) and the CLIP image
/// processor config, as diffusers writes them for an ONNX Stable Diffusion export.</summary>
internal static class PipelineConfigFiles
{
    private const string DiffusersVersion = "0.30.0";

    public static string ModelIndex(DemoModelOptions options)
    {
        static JsonArray Component(string? library, string? type) => [library, type];

        var index = new JsonObject
        {
            ["_class_name"] = "OnnxStableDiffusionPipeline",
            ["_diffusers_version"] = DiffusersVersion,
            ["feature_extractor"] = Component("transformers", "CLIPImageProcessor"),
            ["requires_safety_checker"] = options.IncludeSafetyChecker,
            ["safety_checker"] = options.IncludeSafetyChecker ? Component("diffusers", "OnnxRuntimeModel") : Component(null, null),
            ["scheduler"] = Component("diffusers", "EulerDiscreteScheduler"),
            ["text_encoder"] = Component("diffusers", "OnnxRuntimeModel"),
            ["tokenizer"] = Component("transformers", "CLIPTokenizer"),
            ["unet"] = Component("diffusers", "OnnxRuntimeModel"),
            ["vae_decoder"] = Component("diffusers", "OnnxRuntimeModel"),
            ["vae_encoder"] = Component("diffusers", "OnnxRuntimeModel"),
        };
        return JsonFiles.Serialize(index);
    }

    public static string SchedulerConfig(DemoModelOptions options) => JsonFiles.Serialize(new JsonObject
    {
        ["_class_name"] = "EulerDiscreteScheduler",
        ["_diffusers_version"] = DiffusersVersion,
        ["beta_end"] = 0.012,
        ["beta_schedule"] = "scaled_linear",
        ["beta_start"] = 0.00085,
        ["clip_sample"] = false,
        ["interpolation_type"] = "linear",
        ["num_train_timesteps"] = OracleSpec.TrainTimesteps,
        ["prediction_type"] = options.PredictionType == DemoPredictionType.VPrediction ? "v_prediction" : "epsilon",
        ["set_alpha_to_one"] = false,
        ["skip_prk_steps"] = true,
        ["steps_offset"] = 1,
        ["timestep_spacing"] = "leading",
        ["trained_betas"] = null,
        ["use_karras_sigmas"] = false,
    });

    public static string FeatureExtractorConfig() => JsonFiles.Serialize(new JsonObject
    {
        ["crop_size"] = new JsonObject { ["height"] = 224, ["width"] = 224 },
        ["do_center_crop"] = true,
        ["do_convert_rgb"] = true,
        ["do_normalize"] = true,
        ["do_rescale"] = true,
        ["do_resize"] = true,
        ["image_mean"] = new JsonArray(OracleSpec.ClipImageMean.Select(v => (JsonNode?)(double)v).ToArray()),
        ["image_processor_type"] = "CLIPImageProcessor",
        ["image_std"] = new JsonArray(OracleSpec.ClipImageStd.Select(v => (JsonNode?)(double)v).ToArray()),
        ["resample"] = 3,
        ["rescale_factor"] = 1.0 / 255,
        ["size"] = new JsonObject { ["shortest_edge"] = 224 },
    });
}
