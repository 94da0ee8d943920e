using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DiffusionBot.Tests.Workers;

/// <summary>A real <c>redis-server</c> on 127.0.0.1, a free port and a temp folder, for one test. It can be killed and
/// started again on the same port (with its data when the append-only file is on).</summary>
internal sealed class RedisServer : IAsyncDisposable
{
    public const string InstallHint = "redis-server is not installed, so the Redis worker tests cannot run: apt-get install redis-server";

    private readonly string _binary;
    private readonly bool _appendOnly;
    private Process? _process;

    private RedisServer(string binary, int port, string folder, bool appendOnly)
    {
        _binary = binary;
        Port = port;
        Folder = folder;
        _appendOnly = appendOnly;
    }

    public int Port { get; }
    public string Folder { get; }
    public string Endpoint => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The redis-server binary, or null when it is not installed.</summary>
    public static string? Binary =>
        new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.Concat(
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, "redis-server")))
        .FirstOrDefault(File.Exists);

    /// <summary>Starts a server, or skips the test (with how to install it) when redis-server is missing.</summary>
    public static async Task<RedisServer> StartAsync(CancellationToken ct, bool appendOnly = true)
    {
        var binary = Binary;
        if (binary is null) Assert.Skip(InstallHint);
        var server = new RedisServer(binary, FreePort(), Directory.CreateTempSubdirectory("diffusionbot-redis-").FullName, appendOnly);
        await server.StartAgainAsync(ct);
        return server;
    }

    /// <summary>Starts the server (again) on the same port and folder; returns once it accepts connections.</summary>
    public async Task StartAgainAsync(CancellationToken ct)
    {
        var info = new ProcessStartInfo(_binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args = ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", Folder,
            "--appendonly", _appendOnly ? "yes" : "no", "--save", "", "--protected-mode", "no", "--daemonize", "no"];
        foreach (var arg in args) info.ArgumentList.Add(arg);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true) ready.TrySetResult();
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(20), ct);
    }

    /// <summary>Kills the server at once (SIGKILL), like a crash or a lost machine.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } process) return;
        _process = null;
        try
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
