using DiffusionBot.Cli;
using DiffusionBot.Models.Hub;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Tests.Models;

public sealed class ConsoleProgressBarTests
{
    [Fact]
    public void Report_OverTime_RewritesOneLineWithFileBytesPercentAndRate()
    {
        var time = new FakeTimeProvider();
        var output = new StringWriter();
        var bar = new ConsoleProgressBar(output, time);

        bar.Report(new DownloadProgress("unet/model.onnx_data", 2, 9, 0, 4 * 1024 * 1024));
        time.Advance(TimeSpan.FromSeconds(1));
        bar.Report(new DownloadProgress("unet/model.onnx_data", 2, 9, 2 * 1024 * 1024, 4 * 1024 * 1024));
        bar.Complete();

        var text = output.ToString();
        Assert.Equal(2, text.Count(c => c == '\r'));
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var last = text.Split('\r')[^1];
        Assert.Contains("[2/9] unet/model.onnx_data 2.0 MiB/4.0 MiB  50.0% 2.0 MiB/s", last, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_WithinTheRedrawInterval_DoesNotRedrawUntilTheFileIsDone()
    {
        var time = new FakeTimeProvider();
        var output = new StringWriter();
        var bar = new ConsoleProgressBar(output, time);

        bar.Report(new DownloadProgress("a", 1, 1, 0, 100));
        bar.Report(new DownloadProgress("a", 1, 1, 50, 100));
        bar.Report(new DownloadProgress("a", 1, 1, 100, 100));

        Assert.Equal(2, output.ToString().Count(c => c == '\r'));
        Assert.Contains("100.0%", output.ToString(), StringComparison.Ordinal);
    }
}
