using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// A member opts in to a challenge that requires it (<see cref="Challenge.RequiresEnrolment"/>): from
/// <see cref="LedgerEvent.At"/> on, the member's purchases and activities count toward it. Once per member and
/// challenge; a challenge that does not require enrolment, or is not in the program, refuses it.
/// </summary>
public sealed record ChallengeEnrolmentEvent : LedgerEvent
{
    /// <summary>Creates the enrolment.</summary>
    /// <param name="id">The event id.</param>
    /// <param name="memberId">The member.</param>
    /// <param name="at">When the member opted in.</param>
    /// <param name="challengeId">The challenge.</param>
    public ChallengeEnrolmentEvent(string id, string memberId, Instant at, string challengeId)
        : base(id, memberId, at)
        => ChallengeId = Preconditions.Id(challengeId, nameof(challengeId));

    /// <inheritdoc />
    public override LedgerEventKind Kind => LedgerEventKind.ChallengeEnrolment;

    /// <summary>The challenge.</summary>
    public string ChallengeId { get; }
}
