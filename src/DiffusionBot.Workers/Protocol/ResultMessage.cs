using System.Text.Json;
using DiffusionBot.Core.Jobs;
using DiffusionBot.Core.Ports;
using StackExchange.Redis;

namespace DiffusionBot.Workers.Protocol;

/// <summary>What a worker tells the bot about a job, on the results stream.</summary>
internal enum ResultKind
{
    Progress = 0,
    Done = 1,
    Failed = 2,
    Cancelled = 3,
}

/// <summary>One results stream message. <see cref="Result"/> for Done (PNG bytes travel in the entry), <see cref="Reason"/>
/// (user-facing) for Failed, <see cref="Step"/>/<see cref="TotalSteps"/> for Progress, with <see cref="Phase"/> for a stage
/// before the steps (loading a model).</summary>
internal sealed record ResultMessage(JobId JobId, string Worker, ResultKind Kind)
{
    public int Step { get; init; }
    public int TotalSteps { get; init; }
    public string? Phase { get; init; }
    public GenerationResult? Result { get; init; }
    public string? Reason { get; init; }

    public static ResultMessage Progress(JobId job, string worker, int step, int total, string? phase = null) =>
        new(job, worker, ResultKind.Progress) { Step = step, TotalSteps = total, Phase = phase };

    public static ResultMessage Done(JobId job, string worker, GenerationResult result) => new(job, worker, ResultKind.Done) { Result = result };

    public static ResultMessage Failed(JobId job, string worker, string reason) => new(job, worker, ResultKind.Failed) { Reason = reason };

    public static ResultMessage Cancelled(JobId job, string worker) => new(job, worker, ResultKind.Cancelled);

    public NameValueEntry[] ToFields()
    {
        var fields = new List<NameValueEntry>
        {
            Fields.Entry("v", Fields.Version),
            Fields.Entry("job", JobId.Value),
            Fields.Entry("worker", Worker),
            Fields.Entry("type", Kind.ToString().ToLowerInvariant()),
        };
        switch (Kind)
        {
            case ResultKind.Progress:
                fields.Add(Fields.Entry("step", Step));
                fields.Add(Fields.Entry("total", TotalSteps));
                if (Phase is not null) fields.Add(Fields.Entry("phase", Phase));
                break;
            case ResultKind.Done:
                var result = Result!;
                var meta = new Meta(result.TruncationNote, result.Method, [.. result.Images.Select(i => new ImageMeta(i.Seed, i.Nsfw, i.Width, i.Height))]);
                fields.Add(Fields.Entry("meta", JsonSerializer.SerializeToUtf8Bytes(meta)));
                for (var i = 0; i < result.Images.Count; i++) fields.Add(Fields.Entry("png" + i, result.Images[i].Png));
                break;
            case ResultKind.Failed:
                fields.Add(Fields.Entry("reason", Reason));
                break;
        }
        return [.. fields];
    }

    public static ResultMessage Parse(StreamEntry entry)
    {
        Fields.CheckVersion(entry);
        var id = long.TryParse(Fields.Required(entry, "job"), out var value) ? new JobId(value) : throw new MessageFormatException("Field 'job' is not a job id.");
        var worker = Fields.Required(entry, "worker");
        var type = Fields.Required(entry, "type");
        return type switch
        {
            "progress" => Progress(id, worker, Fields.RequiredInt(entry, "step"), Fields.RequiredInt(entry, "total"), OptionalText(entry, "phase")),
            "done" => Done(id, worker, ReadResult(entry)),
            "failed" => Failed(id, worker, Fields.Required(entry, "reason")),
            "cancelled" => Cancelled(id, worker),
            _ => throw new MessageFormatException($"Unknown result type '{type}'."),
        };
    }

    private static string? OptionalText(StreamEntry entry, string name)
    {
        var value = Fields.Get(entry, name);
        return value.IsNullOrEmpty ? null : value.ToString();
    }

    private static GenerationResult ReadResult(StreamEntry entry)
    {
        Meta? meta;
        try
        {
            meta = JsonSerializer.Deserialize<Meta>((byte[]?)Fields.Get(entry, "meta") ?? throw new MessageFormatException("Field 'meta' is missing."));
        }
        catch (JsonException ex)
        {
            throw new MessageFormatException("Field 'meta' is not valid JSON: " + ex.Message, ex);
        }
        if (meta?.Images is not { Count: > 0 } images) throw new MessageFormatException("A done message lists no image.");
        var list = new List<GeneratedImage>(images.Count);
        for (var i = 0; i < images.Count; i++)
        {
            var png = (byte[]?)Fields.Get(entry, "png" + i);
            if (png is not { Length: > 0 }) throw new MessageFormatException($"Field 'png{i}' is missing.");
            list.Add(new GeneratedImage(png, images[i].Seed, images[i].Nsfw, images[i].Width, images[i].Height));
        }
        return new GenerationResult(list, meta.TruncationNote, meta.Method);
    }

    private sealed record Meta(string? TruncationNote, string? Method, List<ImageMeta> Images);

    private sealed record ImageMeta(long Seed, bool Nsfw, int Width, int Height);
}
