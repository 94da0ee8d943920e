using DiffusionBot.Diffusion.Options;
using DiffusionBot.Diffusion.Pipeline;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Onnx;

/// <summary>Creates inference sessions with the configured execution provider and thread count, turning ONNX
/// Runtime failures into errors that name the file and the fix.</summary>
internal sealed class OnnxSessionFactory(GeneratorOptions options, IOnnxRunObserver? observer = null)
{
    internal const string CudaProviderName = "CUDAExecutionProvider";

    /// <summary>Creates a session; with <paramref name="overrides"/>, those initializers replace the file's own
    /// (LoRA, embeddings) and the returned model owns them.</summary>
    public OnnxModel Load(string modelFile, InitializerOverrides? overrides = null)
    {
        if (!File.Exists(modelFile))
            throw new DiffusionModelException($"Model file '{modelFile}' is missing. Re-export the model folder (diffusers/optimum ONNX layout) or point Generator:ModelPath at a complete one.");

        var sessionOptions = CreateSessionOptions();
        try
        {
            if (overrides is { Count: > 0 })
            {
                // Layout optimizations (level "all": NCHWc on CPU, and the fp16 → fp32 rewrites of a CPU session) copy
                // weights into new initializers before the overrides are bound, which silently drops them; level
                // "extended" keeps every other fusion and honours every override (see LoraEngineTests).
                sessionOptions.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED;
                overrides.ApplyTo(sessionOptions);
            }
#pragma warning disable CA2000 // the OnnxModel owns the session and disposes it; CA2000 does not see this hand-over
            var model = new OnnxModel(new InferenceSession(modelFile, sessionOptions), sessionOptions, modelFile, observer, overrides);
#pragma warning restore CA2000
            sessionOptions = null;
            return model;
        }
        catch (OnnxRuntimeException ex)
        {
            if (overrides is { Count: > 0 })
                throw new DiffusionModelException($"Model file '{modelFile}' could not be loaded with {overrides.Count} replaced weight(s) ({string.Join(", ", overrides.Names.Take(3))}…): {ex.Message.Trim()}", ex);
            throw new DiffusionModelException($"Model file '{modelFile}' could not be loaded by ONNX Runtime ({ex.Message.Trim()}). The file is corrupt or not an ONNX model: re-export or re-download it.", ex);
        }
        finally
        {
            sessionOptions?.Dispose();
        }
    }

    private SessionOptions CreateSessionOptions()
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        if (options.IntraOpThreads > 0)
            sessionOptions.IntraOpNumThreads = options.IntraOpThreads;

        if (options.ExecutionProvider == ExecutionProviderKind.Cuda)
        {
            EnsureCudaAvailable();
            try
            {
                sessionOptions.AppendExecutionProvider_CUDA(options.DeviceId);
            }
            catch (OnnxRuntimeException ex)
            {
                sessionOptions.Dispose();
                throw new DiffusionModelException($"CUDA device {options.DeviceId} could not be initialised ({ex.Message.Trim()}). Check Generator:DeviceId, the NVIDIA driver and the CUDA/cuDNN libraries of the image, or set Generator:ExecutionProvider to Cpu.", ex);
            }
        }

        return sessionOptions;
    }

    internal static void EnsureCudaAvailable()
    {
        var available = OrtEnv.Instance().GetAvailableProviders();
        if (!available.Contains(CudaProviderName))
        {
            throw new DiffusionModelException(
                "Generator:ExecutionProvider is Cuda, but this build of ONNX Runtime has no CUDA execution provider " +
                $"(available: {string.Join(", ", available)}). Build with -p:OnnxRuntimeFlavor=Gpu (Microsoft.ML.OnnxRuntime.Gpu) " +
                "and run in the CUDA image, or set Generator:ExecutionProvider to Cpu.");
        }
    }
}
