using DiffusionBot.Core.Jobs;
using DiffusionBot.Storage.Database;
using LiteDB;

namespace DiffusionBot.Storage.Jobs;

/// <summary>Maps a job, with every parameter, status, timing and message id, to and from one BSON document.</summary>
internal static class JobDocuments
{
    public const string Collection = "jobs";

    public static BsonDocument ToDocument(Job job)
    {
        var state = job.State;
        var origin = job.Origin;
        return new BsonDocument
        {
            ["_id"] = job.Id.Value,
            ["kind"] = (int)job.Kind,
            ["requester"] = Bson.Id(origin.RequesterId),
            ["guild"] = Bson.Nullable(origin.GuildId),
            ["channel"] = Bson.Id(origin.ChannelId),
            ["interaction"] = origin.Interaction is { } i
                ? new BsonDocument { ["app"] = Bson.Id(i.ApplicationId), ["token"] = i.Token, ["at"] = Bson.Instant(i.CreatedAt) }
                : BsonValue.Null,
            ["params"] = ToDocument(job.Parameters),
            ["cost"] = job.Cost,
            ["createdAt"] = Bson.Instant(job.CreatedAt),
            ["status"] = (int)state.Status,
            ["startedAt"] = Bson.Instant(state.StartedAt),
            ["finishedAt"] = Bson.Instant(state.FinishedAt),
            ["failure"] = Bson.Nullable(state.FailureReason),
            ["images"] = new BsonArray(state.Images.Select(ToDocument)),
            ["truncation"] = Bson.Nullable(state.TruncationNote),
            ["method"] = Bson.Nullable(state.Method),
            ["message"] = Bson.Nullable(state.MessageId),
        };
    }

    public static Job ToJob(BsonDocument d)
    {
        var interaction = d["interaction"].IsDocument
            ? new InteractionRef(Bson.ToULong(d["interaction"]["app"]), d["interaction"]["token"].AsString, Bson.ToInstant(d["interaction"]["at"]))
            : null;
        var origin = new JobOrigin(Bson.ToULong(d["requester"]), Bson.ToNullableULong(d["guild"]), Bson.ToULong(d["channel"]), interaction);
        var state = new JobState
        {
            Status = (JobStatus)d["status"].AsInt32,
            StartedAt = Bson.ToNullableInstant(d["startedAt"]),
            FinishedAt = Bson.ToNullableInstant(d["finishedAt"]),
            FailureReason = Bson.ToNullableString(d["failure"]),
            Images = d["images"].AsArray.Select(v => ToImage(v.AsDocument)).ToArray(),
            TruncationNote = Bson.ToNullableString(d["truncation"]),
            Method = Bson.ToNullableString(d["method"]),
            MessageId = Bson.ToNullableULong(d["message"]),
        };
        return Job.Restore(
            new JobId(d["_id"].AsInt64), (JobKind)d["kind"].AsInt32, origin, ToParameters(d["params"].AsDocument),
            d["cost"].AsInt32, Bson.ToInstant(d["createdAt"]), state);
    }

    private static BsonDocument ToDocument(JobParameters p) => new()
    {
        ["prompt"] = p.Prompt,
        ["negative"] = Bson.Nullable(p.NegativePrompt),
        ["seed"] = p.Seed,
        ["steps"] = p.Steps,
        ["guidance"] = p.Guidance,
        ["width"] = p.Width,
        ["height"] = p.Height,
        ["count"] = p.Count,
        ["model"] = p.Model,
        ["scheduler"] = p.Scheduler,
        ["noise"] = p.NoiseSource,
        ["sourceJob"] = Bson.Nullable(p.SourceJobId?.Value),
        ["sourceIndex"] = Bson.Nullable(p.SourceImageIndex),
        ["upscaleFactor"] = Bson.Nullable(p.UpscaleFactor),
        ["strength"] = Bson.Nullable(p.VariationStrength),
    };

    private static JobParameters ToParameters(BsonDocument d) => new()
    {
        Prompt = d["prompt"].AsString,
        NegativePrompt = Bson.ToNullableString(d["negative"]),
        Seed = d["seed"].AsInt64,
        Steps = d["steps"].AsInt32,
        Guidance = d["guidance"].AsDouble,
        Width = d["width"].AsInt32,
        Height = d["height"].AsInt32,
        Count = d["count"].AsInt32,
        Model = d["model"].AsString,
        Scheduler = d["scheduler"].AsString,
        // Jobs saved before the noise source was recorded were all drawn with the original generator.
        NoiseSource = Bson.ToNullableString(d["noise"]) ?? JobParameters.LegacyNoiseSource,
        SourceJobId = Bson.ToNullableLong(d["sourceJob"]) is { } source ? new JobId(source) : null,
        SourceImageIndex = Bson.ToNullableInt(d["sourceIndex"]),
        UpscaleFactor = Bson.ToNullableInt(d["upscaleFactor"]),
        VariationStrength = Bson.ToNullableDouble(d["strength"]),
    };

    private static BsonDocument ToDocument(ImageRef image) => new()
    {
        ["index"] = image.Index,
        ["seed"] = image.Seed,
        ["nsfw"] = image.Nsfw,
        ["width"] = image.Width,
        ["height"] = image.Height,
    };

    private static ImageRef ToImage(BsonDocument d) =>
        new(d["index"].AsInt32, d["seed"].AsInt64, d["nsfw"].AsBoolean, d["width"].AsInt32, d["height"].AsInt32);
}
