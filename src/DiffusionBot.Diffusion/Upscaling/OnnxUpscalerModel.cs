using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Onnx;
using DiffusionBot.Diffusion.Pipeline;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Upscaling;

/// <summary>
/// A Real-ESRGAN-style super-resolution model: NCHW floats in [0, 1] → NCHW floats in [0, 1], <see cref="Scale"/>×
/// larger. Large images run in tiles: each tile carries <c>overlap</c> extra input pixels on every side that are
/// cut away afterwards, so seams match an untiled run for models whose receptive field fits in the overlap.
/// Models with a pixel-unshuffle front (Real-ESRGAN ×2 and ×1) need sizes that are a multiple of
/// <see cref="InputMultiple"/>: the image is padded by reflection on the right and bottom to that multiple and the
/// result cropped back, as Real-ESRGAN does, and every tile window starts on that grid so each tile groups pixels
/// as an untiled run would. Fixed-size models use their own tile size, edge pixels replicated where the image is smaller.
/// </summary>
internal sealed class OnnxUpscalerModel
{
    private static readonly int[] CandidateMultiples = [1, 2, 4, 8];
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
        InputMultiple = _fixedHeight > 0 || _fixedWidth > 0 ? 1 : ProbeInputMultiple();
    }

    public int Scale { get; }

    /// <summary>Input width and height must be multiples of this (2 for a pixel-unshuffle ×2 front).</summary>
    public int InputMultiple { get; }

    public string File => _model.File;

    public RgbImage Upscale(RgbImage image, int tileSize, int overlap, CancellableRun run)
    {
        var m = InputMultiple;
        var padded = m == 1 || (image.Width % m == 0 && image.Height % m == 0)
            ? image
            : ImageEdges.ReflectPad(image, RoundUp(image.Width, m), RoundUp(image.Height, m));
        var tile = Math.Max(m, tileSize / m * m);
        var margin = RoundUp(overlap, m);
        var result = UpscalePadded(padded, tile, 2 * margin < tile ? margin : 0, run);
        return ReferenceEquals(padded, image) ? result : ImageEdges.Crop(result, image.Width * Scale, image.Height * Scale);
    }

    private RgbImage UpscalePadded(RgbImage image, int tileSize, int overlap, CancellableRun run)
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

    /// <summary>Tile and core (kept part) lengths along one axis. With a dynamic model, tile and overlap are
    /// multiples of <see cref="InputMultiple"/> (the caller rounds them) and so is every core start and window start.</summary>
    private static (int Tile, int Core) Axis(int length, int fixedTile, int tileSize, int overlap)
    {
        if (fixedTile > 0)
            return fixedTile >= length ? (fixedTile, length) : (fixedTile, fixedTile - (2 * Math.Min(overlap, fixedTile / 4)));
        if (length <= tileSize)
            return (length, length);
        return (tileSize, tileSize - (2 * overlap));
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

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
        var shape = Probe(h, w) ?? throw new DiffusionModelException($"Upscaler '{_model.File}' cannot run on a [1, 3, {h}, {w}] image. Use a Real-ESRGAN-layout ONNX model (NCHW floats in [0, 1]).");
        if (shape.Length != 4 || shape[1] != 3 || shape[3] % w != 0 || shape[3] / w < 1 || shape[2] != shape[3] / w * h)
            throw new DiffusionModelException($"Upscaler '{_model.File}' maps [1, 3, {h}, {w}] to [{string.Join(", ", shape)}]; expected [1, 3, s·{h}, s·{w}].");
        return (int)(shape[3] / w);
    }

    /// <summary>The smallest size step the model accepts: runs it on a 16 + m square for m = 1, 2, 4, 8 (a
    /// pixel-unshuffle front refuses sizes off its block grid).</summary>
    private int ProbeInputMultiple()
    {
        foreach (var m in CandidateMultiples)
        {
            if (Probe(16 + m, 16 + m) is not null)
                return m;
        }

        throw new DiffusionModelException($"Upscaler '{_model.File}' accepts none of the sizes 17, 18, 20 or 24; use a Real-ESRGAN-layout ONNX model with dynamic height and width.");
    }

    private long[]? Probe(int height, int width)
    {
        using var input = TensorBuffer.Create(_model.InputType(_input), 1, 3, height, width);
        using var run = new CancellableRun(CancellationToken.None);
        try
        {
            using var outputs = run.Run(_model, [_input], [input.Value], [_output]);
            return OrtValueReader.Shape(outputs[0]);
        }
        catch (OnnxRuntimeException)
        {
            return null;
        }
    }
}
