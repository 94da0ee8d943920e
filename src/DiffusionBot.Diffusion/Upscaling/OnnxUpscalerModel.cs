using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Upscaling;

/// <summary>
/// A Real-ESRGAN-style super-resolution model: NCHW floats in [0, 1] → NCHW floats in [0, 1], <see cref="Scale"/>×
/// larger. Large images run in tiles: each tile carries <c>overlap</c> extra input pixels on every side that are
/// cut away afterwards, so seams match an untiled run for models whose receptive field fits in the overlap.
/// Fixed-size models use their own tile size, edge pixels replicated where the image is smaller.
/// </summary>
internal sealed class OnnxUpscalerModel
{
    private readonly OnnxModel _model;
    private readonly string _input;
    private readonly string _output;
    private readonly int _fixedHeight;
    private readonly int _fixedWidth;

    public OnnxUpscalerModel(OnnxModel model)
    {
        _model = model;
        _input = model.FindInput("input", 4);
        _output = model.FindOutput("output", 4);
        var dims = model.Inputs[_input].Dimensions;
        _fixedHeight = dims[2] > 0 ? dims[2] : 0;
        _fixedWidth = dims[3] > 0 ? dims[3] : 0;
        Scale = ProbeScale();
    }

    public int Scale { get; }

    public string File => _model.File;

    public RgbImage Upscale(RgbImage image, int tileSize, int overlap, CancellableRun run)
    {
        var result = new RgbImage(image.Width * Scale, image.Height * Scale);
        var (tileW, coreW) = Axis(image.Width, _fixedWidth, tileSize, overlap);
        var (tileH, coreH) = Axis(image.Height, _fixedHeight, tileSize, overlap);
        using var input = TensorBuffer.Create(_model.InputType(_input), 1, 3, tileH, tileW);
        var planar = new float[3 * tileW * tileH];

        for (var coreY = 0; coreY < image.Height; coreY += coreH)
        {
            var copyH = Math.Min(coreH, image.Height - coreY);
            var inY = Math.Clamp(coreY - overlap, 0, Math.Max(0, image.Height - tileH));
            for (var coreX = 0; coreX < image.Width; coreX += coreW)
            {
                var copyW = Math.Min(coreW, image.Width - coreX);
                var inX = Math.Clamp(coreX - overlap, 0, Math.Max(0, image.Width - tileW));
                FillTile(image, inX, inY, tileW, tileH, planar);
                input.Write(planar);
                using var outputs = run.Run(_model, [_input], [input.Value], [_output]);
                var output = OrtValueReader.ReadSingles(outputs[0]);
                TensorImages.FromUnitPlanar(output, tileW * Scale, tileH * Scale, result,
                    coreX * Scale, coreY * Scale, (coreX - inX) * Scale, (coreY - inY) * Scale, copyW * Scale, copyH * Scale);
            }
        }

        return result;
    }

    private static (int Tile, int Core) Axis(int length, int fixedTile, int tileSize, int overlap)
    {
        if (fixedTile > 0)
            return fixedTile >= length ? (fixedTile, length) : (fixedTile, fixedTile - (2 * Math.Min(overlap, fixedTile / 4)));
        return length <= tileSize ? (length, length) : (tileSize, tileSize - (2 * overlap));
    }

    private static void FillTile(RgbImage image, int left, int top, int tileW, int tileH, float[] planar)
    {
        var plane = tileW * tileH;
        for (var y = 0; y < tileH; y++)
        {
            var sy = Math.Min(top + y, image.Height - 1);
            for (var x = 0; x < tileW; x++)
            {
                var sx = Math.Min(left + x, image.Width - 1);
                var (r, g, b) = image[sx, sy];
                var p = (y * tileW) + x;
                planar[p] = r / 255f;
                planar[plane + p] = g / 255f;
                planar[(2 * plane) + p] = b / 255f;
            }
        }
    }

    private int ProbeScale()
    {
        var h = _fixedHeight > 0 ? _fixedHeight : 16;
        var w = _fixedWidth > 0 ? _fixedWidth : 16;
        using var input = TensorBuffer.Create(_model.InputType(_input), 1, 3, h, w);
        using var run = new CancellableRun(CancellationToken.None);
        using var outputs = run.Run(_model, [_input], [input.Value], [_output]);
        var shape = OrtValueReader.Shape(outputs[0]);
        if (shape.Length != 4 || shape[1] != 3 || shape[3] % w != 0 || shape[3] / w < 1 || shape[2] != shape[3] / w * h)
            throw new DiffusionModelException($"Upscaler '{_model.File}' maps [1, 3, {h}, {w}] to [{string.Join(", ", shape)}]; expected [1, 3, s·{h}, s·{w}].");
        return (int)(shape[3] / w);
    }
}
