namespace DiffusionBot.Models.Hub;

/// <summary>The request itself is wrong (bad repository id, not an ONNX diffusers layout): exit code 2.</summary>
public sealed class HubRequestException(string message) : Exception(message);

/// <summary>The Hub refused or does not have it (401/403 without a usable HF_TOKEN, 404): exit code 3.</summary>
public sealed class HubAccessException(string message) : Exception(message);

/// <summary>A file could not be downloaded intact (connection kept failing, hash mismatch): exit code 1, nothing renamed into place.</summary>
public sealed class HubDownloadException(string message, Exception? inner = null) : Exception(message, inner);
