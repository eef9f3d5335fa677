using NodaTime;

namespace Loyalty.Rules;

/// <summary>A badge the member earned (<see cref="GameReward.BadgeId"/>), once, with when and by which event.</summary>
/// <param name="Id">The badge id.</param>
/// <param name="EarnedAt">When it was earned.</param>
/// <param name="SourceId">The event that earned it.</param>
/// <param name="Game">The challenge or stamp card that awarded it.</param>
public sealed record EarnedBadge(string Id, Instant EarnedAt, string SourceId, string Game);
