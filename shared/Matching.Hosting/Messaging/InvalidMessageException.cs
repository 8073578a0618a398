namespace Matching.Hosting.Messaging;

/// <summary>
/// A consumed message whose content no publisher could have meant: a required field missing, a value out of range.
/// Trying again cannot change that, so the bus skips its retries and moves the message to the queue's error queue at
/// once; the consumer goes on with the next one. The message must name what is wrong, never the values (no personal data).
/// </summary>
public sealed class InvalidMessageException(string message) : Exception(message);
