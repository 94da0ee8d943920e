using DiffusionBot.Core.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Core.Tests;

public sealed class JobIdTests
{
    [Theory]
    [InlineData(1L, "1")]
    [InlineData(35L, "z")]
    [InlineData(36L, "10")]
    [InlineData(long.MaxValue, "1y2p0ij32e8e7")]
    public void ToString_Value_IsBase36AndParsesBack(long value, string text)
    {
        var id = new JobId(value);
        Assert.Equal(text, id.ToString());
        Assert.True(JobId.TryParse(text, out var parsed));
        Assert.Equal(id, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("ABC")]
    [InlineData("-5")]
    [InlineData("1y2p0ij32e8e8")]
    [InlineData("zzzzzzzzzzzzz")]
    [InlineData("12345678901234")]
    public void TryParse_Garbage_ReturnsFalse(string? text)
    {
        Assert.False(JobId.TryParse(text, out _));
    }

    [Fact]
    public void TimeOrderedGenerator_SameMillisecond_GivesIncreasingIds()
    {
        var generator = new TimeOrderedJobIdGenerator(new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var ids = Enumerable.Range(0, 1000).Select(_ => generator.Next()).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.True(ids.Zip(ids.Skip(1)).All(p => p.First < p.Second));
    }

    [Fact]
    public void InteractionRefToString_AnyOrigin_LeavesTheTokenOut()
    {
        var origin = new JobOrigin(1, 2, 3, new InteractionRef(4, "secret-interaction-token", DateTimeOffset.UnixEpoch));

        var text = origin.ToString();

        Assert.DoesNotContain("secret-interaction-token", text, StringComparison.Ordinal);
        Assert.Contains("ApplicationId = 4", text, StringComparison.Ordinal);
    }
}
