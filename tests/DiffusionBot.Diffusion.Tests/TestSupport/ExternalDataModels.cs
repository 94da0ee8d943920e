using DiffusionBot.OnnxFormat;
using Google.Protobuf;

namespace DiffusionBot.Diffusion.Tests.TestSupport;

/// <summary>Rewrites an ONNX model with its larger initializers in an external data file, as the ONNX exporters do
/// for models over 2 GB (<c>model.onnx</c> + <c>model.onnx_data</c>; data_location EXTERNAL with location, offset
/// and length entries; small tensors stay inline, offsets aligned to 64 bytes).</summary>
internal static class ExternalDataModels
{
    public const string DataFileName = "model.onnx_data";

    /// <summary>Writes <paramref name="targetModel"/> and its data file beside it; returns how many initializers moved.</summary>
    public static int Convert(string sourceModel, string targetModel, int minBytes = 1024)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(sourceModel));
        var moved = 0;
        using (var data = File.Create(Path.Combine(Path.GetDirectoryName(targetModel)!, DataFileName)))
        {
            foreach (var tensor in model.Graph.Initializer.Where(t => t.RawData.Length >= minBytes))
            {
                data.Write(new byte[(64 - (data.Position % 64)) % 64]);
                var offset = data.Position;
                data.Write(tensor.RawData.Span);
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = DataFileName });
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = tensor.RawData.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                tensor.DataLocation = TensorProto.Types.DataLocation.External;
                tensor.ClearRawData();
                moved++;
            }
        }

        File.WriteAllBytes(targetModel, model.ToByteArray());
        return moved;
    }
}
