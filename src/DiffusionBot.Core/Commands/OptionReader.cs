using System.Globalization;

namespace DiffusionBot.Core.Commands;

/// <summary>Reads neutral option values (string, long, double, bool) with user-facing errors.</summary>
internal static class OptionReader
{
    public static bool TryGetString(IReadOnlyDictionary<string, object> options, string name, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (!options.TryGetValue(name, out var raw)) return true;
        if (raw is string text)
        {
            value = text;
            return true;
        }
        error = $"Option '{name}' must be text.";
        return false;
    }

    public static bool TryGetLong(IReadOnlyDictionary<string, object> options, string name, out long? value, out string? error)
    {
        value = null;
        error = null;
        if (!options.TryGetValue(name, out var raw)) return true;
        switch (raw)
        {
            case long l: value = l; return true;
            case int i: value = i; return true;
            case double d when Math.Floor(d) == d && Math.Abs(d) < 9e15: value = (long)d; return true;
            case string s when long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed): value = parsed; return true;
            default: error = $"Option '{name}' must be a whole number."; return false;
        }
    }

    public static bool TryGetDouble(IReadOnlyDictionary<string, object> options, string name, out double? value, out string? error)
    {
        value = null;
        error = null;
        if (!options.TryGetValue(name, out var raw)) return true;
        switch (raw)
        {
            case double d when double.IsFinite(d): value = d; return true;
            case long l: value = l; return true;
            case int i: value = i; return true;
            case string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed): value = parsed; return true;
            default: error = $"Option '{name}' must be a number."; return false;
        }
    }
}
