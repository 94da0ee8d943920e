using LiteDB;

namespace DiffusionBot.Storage.Database;

/// <summary>Conversions between our types and BSON: ids as Int64, instants as exact UTC ticks.</summary>
internal static class Bson
{
    public static BsonValue Id(ulong value) => new(unchecked((long)value));

    public static BsonValue Nullable(ulong? value) => value is { } v ? Id(v) : BsonValue.Null;

    public static BsonValue Nullable(long? value) => value is { } v ? new BsonValue(v) : BsonValue.Null;

    public static BsonValue Nullable(int? value) => value is { } v ? new BsonValue(v) : BsonValue.Null;

    public static BsonValue Nullable(double? value) => value is { } v ? new BsonValue(v) : BsonValue.Null;

    public static BsonValue Nullable(string? value) => value is null ? BsonValue.Null : new BsonValue(value);

    public static BsonValue Instant(DateTimeOffset value) => new(value.UtcTicks);

    public static BsonValue Instant(DateTimeOffset? value) => value is { } v ? Instant(v) : BsonValue.Null;

    public static ulong ToULong(BsonValue value) => unchecked((ulong)value.AsInt64);

    public static ulong? ToNullableULong(BsonValue value) => value.IsNull ? null : ToULong(value);

    public static long? ToNullableLong(BsonValue value) => value.IsNull ? null : value.AsInt64;

    public static int? ToNullableInt(BsonValue value) => value.IsNull ? null : value.AsInt32;

    public static double? ToNullableDouble(BsonValue value) => value.IsNull ? null : value.AsDouble;

    public static string? ToNullableString(BsonValue value) => value.IsNull ? null : value.AsString;

    public static DateTimeOffset ToInstant(BsonValue value) => new(value.AsInt64, TimeSpan.Zero);

    public static DateTimeOffset? ToNullableInstant(BsonValue value) => value.IsNull ? null : ToInstant(value);
}
