using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace DiffusionBot.Diffusion.Tests.TestSupport;

/// <summary>Writes safetensors files for tests: well-formed ones from float tensors, or raw header/data bytes.</summary>
internal static class SafetensorsBytes
{
    public static byte[] Raw(string header, byte[] data, ulong? claimedHeaderLength = null)
    {
        var headerBytes = Encoding.UTF8.GetBytes(header);
        var result = new byte[8 + headerBytes.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(result, claimedHeaderLength ?? (ulong)headerBytes.Length);
        headerBytes.CopyTo(result, 8);
        data.CopyTo(result, 8 + headerBytes.Length);
        return result;
    }

    public static byte[] Float32(IReadOnlyDictionary<string, (long[] Shape, float[] Values)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new Dictionary<string, object>();
        if (metadata is not null)
            header["__metadata__"] = metadata;
        var data = new List<byte>();
        foreach (var (name, (shape, values)) in tensors)
        {
            var begin = data.Count;
            foreach (var v in values)
                data.AddRange(BitConverter.GetBytes(v));
            header[name] = new { dtype = "F32", shape, data_offsets = new[] { begin, data.Count } };
        }

        return Raw(JsonSerializer.Serialize(header), [.. data]);
    }

    public static string WriteTemp(byte[] bytes, string fileName)
    {
        var folder = Directory.CreateTempSubdirectory("diffusionbot-lora-tests-").FullName;
        var path = Path.Combine(folder, fileName);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
