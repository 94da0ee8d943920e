using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Onnx;

namespace DiffusionBot.Diffusion.Upscaling;

/// <summary>The ONNX upscalers found in a file or folder (every *.onnx below it), and the recipe for a factor.</summary>
internal sealed class UpscalerSet(IReadOnlyList<OnnxUpscalerModel> models) : IDisposable
{
    private readonly List<OnnxModel> _owned = [];

    public IReadOnlyList<OnnxUpscalerModel> Models { get; } = models;

    public static UpscalerSet Load(string path, OnnxSessionFactory factory)
    {
        var files = File.Exists(path)
            ? [path]
            : Directory.EnumerateFiles(path, "*.onnx", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var owned = new List<OnnxModel>();
        var models = new List<OnnxUpscalerModel>();
        try
        {
            foreach (var file in files)
            {
                var model = factory.Load(file);
                owned.Add(model);
                models.Add(new OnnxUpscalerModel(model));
            }
        }
        catch
        {
            owned.ForEach(m => m.Dispose());
            throw;
        }

        var set = new UpscalerSet(models);
        set._owned.AddRange(owned);
        return set;
    }

    /// <summary>Upscales by <paramref name="factor"/>: the exact model, repeated runs of a smaller one that divides
    /// the factor, or a larger one followed by a Skia downsample. Null when no model helps.</summary>
    public (RgbImage Image, string MethodName)? TryUpscale(RgbImage image, int factor, int tileSize, int overlap, CancellableRun run)
    {
        var exact = Models.FirstOrDefault(m => m.Scale == factor);
        if (exact is not null)
            return (exact.Upscale(image, tileSize, overlap, run), $"ONNX {exact.Scale}× model ({exact.File})");

        var divisor = Models.Where(m => m.Scale > 1 && factor % m.Scale == 0).MaxBy(m => m.Scale);
        if (divisor is not null)
        {
            var current = image;
            for (var total = 1; total < factor; total *= divisor.Scale)
                current = divisor.Upscale(current, tileSize, overlap, run);
            return (current, $"ONNX {divisor.Scale}× model applied {(int)Math.Log(factor, divisor.Scale)} times ({divisor.File})");
        }

        var larger = Models.Where(m => m.Scale > factor).MinBy(m => m.Scale);
        if (larger is not null)
        {
            var up = larger.Upscale(image, tileSize, overlap, run);
            return (PngCodec.Resize(up, image.Width * factor, image.Height * factor),
                $"ONNX {larger.Scale}× model ({larger.File}) then SkiaSharp downsample to {factor}×");
        }

        return null;
    }

    public void Dispose() => _owned.ForEach(m => m.Dispose());
}
