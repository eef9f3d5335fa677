using NodaTime;

namespace Loyalty.Rules;

/// <summary>A badge the member earned (a game's <see cref="GameReward.BadgeId"/>, or its <see cref="Badge.Criterion"/>), once, with when and by which event.</summary>
/// <param name="Id">The badge id.</param>
/// <param name="EarnedAt">When it was earned.</param>
/// <param name="SourceId">The event that earned it.</param>
/// <param name="Game">What awarded it: the challenge, stamp card or streak id, <c>badges/{id}</c> for a lifetime count, or the tier reached.</param>
public sealed record EarnedBadge(string Id, Instant EarnedAt, string SourceId, string Game);
