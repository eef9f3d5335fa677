using System;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>A non-purchase event that may earn points: sign-up, review, check-in, a custom activity.</summary>
public sealed class ActivityEvent
{
    /// <summary>Creates an activity event and checks it.</summary>
    /// <param name="id">The event id, unique per program (used for idempotence).</param>
    /// <param name="memberId">The member.</param>
    /// <param name="occurredAt">When it happened.</param>
    /// <param name="kind">What happened.</param>
    /// <param name="customName">For <see cref="ActivityKind.Custom"/>, the activity's name (required); otherwise null.</param>
    /// <param name="channel">The channel it happened on, or null.</param>
    /// <exception cref="ArgumentException">A field is missing or inconsistent; the message names it.</exception>
    public ActivityEvent(string id, string memberId, Instant occurredAt, ActivityKind kind, string? customName = null, string? channel = null)
    {
        Id = Preconditions.Id(id, nameof(id));
        MemberId = Preconditions.Id(memberId, nameof(memberId));
        if (!Enum.IsDefined(kind))
        {
            throw Preconditions.OutOfRange(nameof(kind), kind, "is not a defined ActivityKind.");
        }

        if (kind == ActivityKind.Custom)
        {
            Preconditions.Id(customName, nameof(customName));
        }
        else if (customName is not null)
        {
            throw Preconditions.Invalid(nameof(customName), $"is only for ActivityKind.Custom, not {kind}.");
        }

        OccurredAt = occurredAt;
        Kind = kind;
        CustomName = customName;
        Channel = channel;
    }

    /// <summary>The event id.</summary>
    public string Id { get; }

    /// <summary>The member.</summary>
    public string MemberId { get; }

    /// <summary>When it happened.</summary>
    public Instant OccurredAt { get; }

    /// <summary>What happened.</summary>
    public ActivityKind Kind { get; }

    /// <summary>The custom activity's name, for <see cref="ActivityKind.Custom"/>.</summary>
    public string? CustomName { get; }

    /// <summary>The channel, or null.</summary>
    public string? Channel { get; }
}
