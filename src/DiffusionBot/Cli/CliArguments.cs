using System.Globalization;

namespace DiffusionBot.Cli;

/// <summary>Splits command arguments into positional words and <c>--name value</c> options.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);

    private CliArguments(List<string> positional) => Positional = positional;

    public IReadOnlyList<string> Positional { get; }

    /// <param name="flags">Options that take no value (<c>--json</c>).</param>
    public static CliArguments Parse(IReadOnlyList<string> args, IReadOnlySet<string>? flags = null)
    {
        var positional = new List<string>();
        var result = new CliArguments(positional);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var name = arg[2..];
                string value;
                var equals = name.IndexOf('=', StringComparison.Ordinal);
                if (flags is not null && flags.Contains(name))
                {
                    value = bool.TrueString;
                }
                else if (equals >= 0)
                {
                    value = name[(equals + 1)..];
                    name = name[..equals];
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    throw new CliUsageException($"Option --{name} needs a value.");
                }

                if (!result._options.TryAdd(name, value))
                    throw new CliUsageException($"Option --{name} is given twice.");
            }
            else
            {
                positional.Add(arg);
            }
        }

        return result;
    }

    public string? GetString(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>Whether a value-less option (declared as a flag to <see cref="Parse"/>) was given.</summary>
    public bool GetFlag(string name) => GetString(name) is not null;

    public int? GetInt(string name) => Convert<int>(name, s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null, "a whole number");

    public long? GetLong(string name) => Convert<long>(name, s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null, "a whole number");

    public double? GetDouble(string name) => Convert<double>(name, s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null, "a number");

    /// <summary>Fails on options no command asked for (typos).</summary>
    public void ThrowIfUnknownOptions()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new CliUsageException($"Unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}.");
    }

    private T? Convert<T>(string name, Func<string, T?> parse, string expected) where T : struct
    {
        var text = GetString(name);
        if (text is null)
            return null;
        return parse(text) ?? throw new CliUsageException($"Option --{name} must be {expected} (got '{text}').");
    }
}

/// <summary>The command line is malformed; the message says how.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
