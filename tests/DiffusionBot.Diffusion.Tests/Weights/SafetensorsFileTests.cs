using DiffusionBot.Diffusion.Tests.TestSupport;
using DiffusionBot.Diffusion.Weights;

namespace DiffusionBot.Diffusion.Tests.Weights;

public sealed class SafetensorsFileTests
{
    public static TheoryData<string, byte[], string> BadFiles() => new()
    {
        { "too short", [1, 2, 3], "too short" },
        { "huge header", SafetensorsBytes.Raw("{}", [], claimedHeaderLength: 1UL << 40), "the limit is" },
        { "truncated header", SafetensorsBytes.Raw("{}", [], claimedHeaderLength: 500), "truncated" },
        { "not json", SafetensorsBytes.Raw("{\"a\": [1, 2", []), "not valid JSON" },
        { "not an object", SafetensorsBytes.Raw("[1, 2]", []), "not a JSON object" },
        { "offsets outside", SafetensorsBytes.Raw("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", new byte[4]), "outside" },
        { "offsets reversed", SafetensorsBytes.Raw("""{"w":{"dtype":"F32","shape":[0],"data_offsets":[4,0]}}""", new byte[4]), "outside" },
        { "shape does not fit bytes", SafetensorsBytes.Raw("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", new byte[8]), "does not fit" },
        { "overflowing shape", SafetensorsBytes.Raw("""{"w":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,8]}}""", new byte[8]), "does not fit" },
        { "negative dimension", SafetensorsBytes.Raw("""{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", new byte[8]), "non-negative" },
        { "negative offset", SafetensorsBytes.Raw("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}}""", new byte[8]), "non-negative" },
        { "unknown dtype", SafetensorsBytes.Raw("""{"w":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}}""", new byte[8]), "unknown dtype" },
        { "rank too high", SafetensorsBytes.Raw("""{"w":{"dtype":"U8","shape":[1,1,1,1,1,1,1,1,1],"data_offsets":[0,1]}}""", new byte[1]), "rank 9" },
        { "missing offsets", SafetensorsBytes.Raw("""{"w":{"dtype":"F32","shape":[2]}}""", new byte[8]), "lacks" },
        { "duplicate name", SafetensorsBytes.Raw("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", new byte[8]), "twice" },
        { "metadata not strings", SafetensorsBytes.Raw("""{"__metadata__":{"a":1}}""", []), "not a string" },
        { "deep nesting", SafetensorsBytes.Raw(new string('[', 64) + new string(']', 64), []), "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Read_BadFile_ThrowsClearError(string label, byte[] bytes, string expected)
    {
        var ex = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Read(new MemoryStream(bytes), "bad.safetensors"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("'bad.safetensors'", ex.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(label));
    }

    [Fact]
    public void ReadSingles_WellFormedFile_ReturnsValuesAndMetadata()
    {
        var bytes = SafetensorsBytes.Float32(
            new Dictionary<string, (long[], float[])> { ["a"] = ([2, 2], [1f, -2f, 3.5f, 0f]), ["b"] = ([1], [7f]) },
            new Dictionary<string, string> { ["format"] = "pt" });
        using var file = SafetensorsFile.Read(new MemoryStream(bytes), "ok.safetensors");

        Assert.Equal([1f, -2f, 3.5f, 0f], file.ReadSingles(file.Get("a")));
        Assert.Equal([7f], file.ReadSingles(file.Get("b")));
        Assert.Equal("pt", file.Metadata["format"]);
    }

    [Fact]
    public void ReadSingles_Float16AndBFloat16_AreWidened()
    {
        var half = BitConverter.GetBytes((Half)1.5f);
        var bf16 = BitConverter.GetBytes((ushort)(BitConverter.SingleToInt32Bits(-2.25f) >> 16));
        var bytes = SafetensorsBytes.Raw("""{"h":{"dtype":"F16","shape":[1],"data_offsets":[0,2]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[2,4]}}""", [.. half, .. bf16]);
        using var file = SafetensorsFile.Read(new MemoryStream(bytes), "mixed.safetensors");

        Assert.Equal([1.5f], file.ReadSingles(file.Get("h")));
        Assert.Equal([-2.25f], file.ReadSingles(file.Get("b")));
    }

    [Fact]
    public void ReadSingles_NonFiniteValue_ThrowsClearError()
    {
        var bytes = SafetensorsBytes.Float32(new Dictionary<string, (long[], float[])> { ["a"] = ([2], [1f, float.NaN]) });
        using var file = SafetensorsFile.Read(new MemoryStream(bytes), "nan.safetensors");

        var ex = Assert.Throws<SafetensorsFormatException>(() => file.ReadSingles(file.Get("a")));
        Assert.Contains("non-finite", ex.Message, StringComparison.Ordinal);
    }
}
