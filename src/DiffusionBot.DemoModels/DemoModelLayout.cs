namespace DiffusionBot.DemoModels;

/// <summary>Relative paths inside a demo model folder (the diffusers/optimum ONNX layout plus upscalers).</summary>
public static class DemoModelLayout
{
    public const string ModelIndex = "model_index.json";
    public const string SchedulerConfig = "scheduler/scheduler_config.json";
    public const string FeatureExtractorConfig = "feature_extractor/preprocessor_config.json";
    public const string TokenizerVocab = "tokenizer/vocab.json";
    public const string TokenizerMerges = "tokenizer/merges.txt";
    public const string TokenizerConfig = "tokenizer/tokenizer_config.json";
    public const string TokenizerSpecialTokens = "tokenizer/special_tokens_map.json";
    public const string TextEncoder = "text_encoder/model.onnx";
    public const string Unet = "unet/model.onnx";
    public const string VaeDecoder = "vae_decoder/model.onnx";
    public const string VaeEncoder = "vae_encoder/model.onnx";
    public const string SafetyChecker = "safety_checker/model.onnx";
    public const string UpscalerX2 = "upscaler/x2.onnx";
    public const string UpscalerX4 = "upscaler/x4.onnx";

    /// <summary>Written last; its presence and content mark a complete folder of one version and configuration.</summary>
    public const string VersionStamp = ".diffusionbot-demo-model";

    /// <summary>Every file a folder written with <paramref name="options"/> contains, the stamp included.</summary>
    public static IReadOnlyList<string> FilesFor(DemoModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var files = new List<string>
        {
            ModelIndex, SchedulerConfig, FeatureExtractorConfig,
            TokenizerVocab, TokenizerMerges, TokenizerConfig, TokenizerSpecialTokens,
            TextEncoder, Unet, VaeDecoder, VaeEncoder,
        };
        if (options.IncludeSafetyChecker)
        {
            files.Add(SafetyChecker);
        }

        if (options.IncludeUpscalers)
        {
            files.Add(UpscalerX2);
            files.Add(UpscalerX4);
        }

        files.Add(VersionStamp);
        return files;
    }
}
