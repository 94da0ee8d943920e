using System.Diagnostics;

namespace DiffusionBot.Tests.Workers;

/// <summary>The built host run as its own process (<c>dotnet DiffusionBot.dll worker</c>), configured through environment
/// variables, so a test can kill it with SIGKILL like a crashed machine.</summary>
internal sealed class ChildWorker : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private ChildWorker(Process process) => _process = process;

    /// <summary>What the process wrote so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>The host's own build output (same configuration as the tests): it has every dependency beside it, which
    /// the copy next to the tests does not.</summary>
    public static string HostDll
    {
        get
        {
            var tests = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = tests.Name;
            var configuration = tests.Parent!.Name;
            var root = tests;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "DiffusionBot.sln"))) root = root.Parent;
            if (root is null) Assert.Fail("DiffusionBot.sln not found above " + AppContext.BaseDirectory);
            return Path.Combine(root.FullName, "src", "DiffusionBot", "bin", configuration, framework, "DiffusionBot.dll");
        }
    }

    public static ChildWorker Start(IReadOnlyDictionary<string, string?> settings)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(HostDll)!,
        };
        info.ArgumentList.Add(HostDll);
        info.ArgumentList.Add("worker");
        foreach (var (key, value) in settings) info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var child = new ChildWorker(process);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public bool HasExited => _process.HasExited;

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>SIGKILL: no shutdown code runs, the job stays pending in Redis under this worker's name.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
