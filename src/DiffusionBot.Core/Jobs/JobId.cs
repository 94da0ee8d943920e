using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace DiffusionBot.Core.Jobs;

/// <summary>A job's identity: a positive 64-bit number, written compactly in base 36 (at most 13 characters).</summary>
public readonly record struct JobId(long Value) : IComparable<JobId>
{
    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";
    public const int MaxTextLength = 13;

    public int CompareTo(JobId other) => Value.CompareTo(other.Value);

    public static bool operator <(JobId left, JobId right) => left.Value < right.Value;

    public static bool operator <=(JobId left, JobId right) => left.Value <= right.Value;

    public static bool operator >(JobId left, JobId right) => left.Value > right.Value;

    public static bool operator >=(JobId left, JobId right) => left.Value >= right.Value;

    public override string ToString()
    {
        if (Value <= 0) return Value.ToString(CultureInfo.InvariantCulture);
        Span<char> buffer = stackalloc char[MaxTextLength];
        var position = buffer.Length;
        var remaining = (ulong)Value;
        while (remaining > 0)
        {
            buffer[--position] = Digits[(int)(remaining % 36)];
            remaining /= 36;
        }
        return new string(buffer[position..]);
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out JobId id)
    {
        id = default;
        if (string.IsNullOrEmpty(text) || text.Length > MaxTextLength) return false;
        ulong value = 0;
        foreach (var c in text)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'z' => c - 'a' + 10,
                _ => -1,
            };
            if (digit < 0) return false;
            if (value > (ulong)(long.MaxValue - digit) / 36) return false;
            value = value * 36 + (ulong)digit;
        }
        if (value == 0) return false;
        id = new JobId((long)value);
        return true;
    }
}
