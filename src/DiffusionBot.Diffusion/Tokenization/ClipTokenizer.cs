using System.Collections.Concurrent;
using System.Text;

namespace DiffusionBot.Diffusion.Tokenization;

/// <summary>
/// The CLIP byte-level BPE tokenizer used by Stable Diffusion's text encoder: a port of openai/CLIP's
/// <c>SimpleTokenizer</c> (HTML unescape twice, whitespace clean, lower-case, CLIP's split pattern,
/// bytes → unicode, BPE with the "&lt;/w&gt;" end-of-word marker).
/// <para>
/// ftfy's <c>fix_text</c>, which CLIP applies first, is not reproduced: no mojibake repair, no NFC
/// normalisation, no quote or width folding. Prompts typed on Discord are already well-formed Unicode,
/// where this only matters for unusual characters (curly quotes, full-width forms, decomposed accents).
/// </para>
/// Immutable and safe for concurrent <see cref="Encode"/> calls; BPE results are cached per word.
/// </summary>
public sealed class ClipTokenizer
{
    /// <summary>Stable Diffusion's CLIP context length.</summary>
    public const int DefaultModelMaxLength = 77;

    /// <summary>CLIP's "&lt;|startoftext|&gt;".</summary>
    public const string StartOfTextToken = ClipPreTokenizer.StartOfText;

    /// <summary>CLIP's "&lt;|endoftext|&gt;" (also SD 1.x's padding token).</summary>
    public const string EndOfTextToken = ClipPreTokenizer.EndOfText;

    /// <summary>Word cache bound: prompts come from users, so the cache must not grow without limit.</summary>
    private const int MaxCachedWords = 50_000;

    private readonly ClipBpeModel _model;
    private readonly ConcurrentDictionary<string, int[]> _wordCache;
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _wordCacheBySpan;
    private int _cachedWords;

    private ClipTokenizer(ClipBpeModel model, string padToken, int modelMaxLength, string sourceFile)
    {
        if (modelMaxLength < 3)
        {
            throw new ArgumentOutOfRangeException(nameof(modelMaxLength), modelMaxLength, "Must be at least 3 (BOS, one token, EOS).");
        }

        _model = model;
        _wordCache = new ConcurrentDictionary<string, int[]>(StringComparer.Ordinal);
        _wordCacheBySpan = _wordCache.GetAlternateLookup<ReadOnlySpan<char>>();
        BosTokenId = RequireToken(StartOfTextToken, sourceFile);
        EosTokenId = RequireToken(EndOfTextToken, sourceFile);
        PadToken = padToken;
        PadTokenId = RequireToken(padToken, sourceFile);
        ModelMaxLength = modelMaxLength;
    }

    /// <summary>Id of "&lt;|startoftext|&gt;" (49406 in the standard vocabulary).</summary>
    public int BosTokenId { get; }

    /// <summary>Id of "&lt;|endoftext|&gt;" (49407 in the standard vocabulary).</summary>
    public int EosTokenId { get; }

    /// <summary>The padding token ("&lt;|endoftext|&gt;" for SD 1.x, "!" for SD 2.x).</summary>
    public string PadToken { get; }

    /// <summary>Id of <see cref="PadToken"/> (49407 for SD 1.x, 0 for SD 2.x).</summary>
    public int PadTokenId { get; }

    /// <summary>Length of <see cref="TokenizedPrompt.InputIds"/> (77 for Stable Diffusion).</summary>
    public int ModelMaxLength { get; }

    /// <summary>Content tokens that fit between BOS and EOS.</summary>
    public int MaxContentTokens => ModelMaxLength - 2;

    /// <summary>Number of vocabulary entries (49408 for the standard vocabulary).</summary>
    public int VocabularySize => _model.Encoder.Count;

    /// <summary>
    /// Builds the vocabulary exactly as openai/CLIP does from <c>bpe_simple_vocab_16e6.txt.gz</c>:
    /// 256 byte symbols, the same with "&lt;/w&gt;", one symbol per merge, then BOS (49406) and EOS (49407).
    /// </summary>
    /// <param name="path">The gzip-compressed merges file.</param>
    /// <param name="padToken">Padding token; the default "&lt;|endoftext|&gt;" matches SD 1.x (OpenAI's own <c>clip.tokenize</c> pads with id 0, i.e. "!").</param>
    /// <param name="modelMaxLength">Fixed output length.</param>
    /// <exception cref="TokenizerLoadException">The file is missing or not a CLIP merges file.</exception>
    public static ClipTokenizer FromClipBpeGzip(string path, string padToken = EndOfTextToken, int modelMaxLength = DefaultModelMaxLength)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(padToken);
        return new ClipTokenizer(ClipVocabularyFiles.ReadClipBpeGzip(path), padToken, modelMaxLength, path);
    }

    /// <summary>
    /// Loads a diffusers/Hugging Face <c>tokenizer/</c> folder: <c>vocab.json</c> and <c>merges.txt</c> (required),
    /// <c>tokenizer_config.json</c> and <c>special_tokens_map.json</c> (optional) for <c>pad_token</c>
    /// (default "&lt;|endoftext|&gt;") and <c>model_max_length</c> (default 77).
    /// </summary>
    /// <exception cref="TokenizerLoadException">A file is missing, unreadable or inconsistent; the message names it.</exception>
    public static ClipTokenizer FromDiffusersFolder(string tokenizerDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenizerDirectory);
        if (!Directory.Exists(tokenizerDirectory))
        {
            throw new TokenizerLoadException(tokenizerDirectory, "the tokenizer folder does not exist.");
        }

        var model = ClipVocabularyFiles.ReadDiffusersVocabulary(tokenizerDirectory);
        var (padToken, modelMaxLength) = ClipVocabularyFiles.ReadDiffusersConfig(tokenizerDirectory);
        var vocabPath = Path.Combine(tokenizerDirectory, ClipVocabularyFiles.VocabFileName);
        return new ClipTokenizer(model, padToken ?? EndOfTextToken, modelMaxLength ?? DefaultModelMaxLength, vocabPath);
    }

    /// <summary>
    /// Encodes a prompt to exactly <see cref="ModelMaxLength"/> ids: BOS, the first <see cref="MaxContentTokens"/>
    /// content tokens, EOS, then <see cref="PadTokenId"/>.
    /// </summary>
    public TokenizedPrompt Encode(string text)
    {
        var content = TokenizeToList(text);
        var kept = Math.Min(content.Count, MaxContentTokens);
        var ids = new int[ModelMaxLength];
        ids[0] = BosTokenId;
        content.CopyTo(0, ids, 1, kept);
        ids[kept + 1] = EosTokenId;
        Array.Fill(ids, PadTokenId, kept + 2, ModelMaxLength - kept - 2);

        var truncated = content.Count > kept;
        var truncatedText = truncated ? Decode(content.Skip(kept)).Trim() : string.Empty;
        return new TokenizedPrompt(ids, content.Count, truncated, truncatedText);
    }

    /// <summary>Content token ids of <paramref name="text"/> (no BOS/EOS, no truncation).</summary>
    public IReadOnlyList<int> Tokenize(string text) => TokenizeToList(text);

    /// <summary>
    /// CLIP's decode: concatenates the tokens' bytes, decodes UTF-8 (invalid sequences become U+FFFD) and turns each
    /// "&lt;/w&gt;" into a space, so the result usually ends with a space. Special tokens are written out as text.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is not in the vocabulary.</exception>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return _model.Decode(ids);
    }

    private List<int> TokenizeToList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = ClipTextNormalizer.Normalize(text);
        var ids = new List<int>();
        foreach (var piece in ClipPreTokenizer.Split(normalized))
        {
            switch (piece.Kind)
            {
                case ClipPreTokenizer.PieceKind.StartOfText:
                    ids.Add(BosTokenId);
                    break;
                case ClipPreTokenizer.PieceKind.EndOfText:
                    ids.Add(EosTokenId);
                    break;
                default:
                    ids.AddRange(EncodeWord(normalized.AsSpan(piece.Start, piece.Length)));
                    break;
            }
        }

        return ids;
    }

    private int[] EncodeWord(ReadOnlySpan<char> word)
    {
        if (_wordCacheBySpan.TryGetValue(word, out var cached))
        {
            return cached;
        }

        var byteCount = Encoding.UTF8.GetByteCount(word);
        var bytes = byteCount <= 256 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(word, bytes);
        var chars = byteCount <= 256 ? stackalloc char[byteCount] : new char[byteCount];
        for (var k = 0; k < byteCount; k++)
        {
            chars[k] = ByteLevelAlphabet.ByteToChar[bytes[k]];
        }

        var ids = _model.Encode(chars);
        if (Volatile.Read(ref _cachedWords) < MaxCachedWords && _wordCacheBySpan.TryAdd(word, ids))
        {
            Interlocked.Increment(ref _cachedWords);
        }

        return ids;
    }

    private int RequireToken(string token, string sourceFile) =>
        _model.Encoder.TryGetValue(token, out var id)
            ? id
            : throw new TokenizerLoadException(sourceFile, $"the token '{token}' is not in the vocabulary.");
}
