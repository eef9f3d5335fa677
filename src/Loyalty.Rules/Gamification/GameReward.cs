using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Loyalty.Rules;

/// <summary>
/// What completing a challenge or filling a stamp card pays, once per completion: points (a lot earned by the
/// completing event, under the game's id as its rule), a voucher of a catalog reward (issued, no points taken), or a
/// badge; any of them together. A refund that undoes the completion takes it back.
/// </summary>
public sealed record GameReward
{
    /// <summary>Points paid; 0 (the default) for none.</summary>
    public Points Points { get; init; }

    /// <summary>The id of a catalog reward (<see cref="LoyaltyProgram.Rewards"/>) whose voucher is issued; null for none.</summary>
    public string? RewardId { get; init; }

    /// <summary>The id of a badge the member earns (listed on <see cref="MemberAccount.Badges"/>); null for none.</summary>
    public string? BadgeId { get; init; }

    /// <inheritdoc />
    public override string ToString()
        => string.Join(
            " + ",
            new[] { Points.Value > 0 ? string.Create(CultureInfo.InvariantCulture, $"{Points.Value} points") : null, RewardId is null ? null : $"reward '{RewardId}'", BadgeId is null ? null : $"badge '{BadgeId}'" }
                .Where(s => s is not null));

    internal void Validate(ProgramCheck check, string path, GameRefs refs)
    {
        check.Award(path + ".points", Points, zeroAllowed: true);
        if (RewardId is not null && !refs.Rewards.Contains(RewardId))
        {
            check.Fail(path + ".rewardId", $"'{RewardId}' is not a reward of the catalog.");
        }

        if (BadgeId is not null && !refs.Badges.Contains(BadgeId))
        {
            check.Fail(path + ".badgeId", $"'{BadgeId}' is not a badge of the program.");
        }
        else if (BadgeId is not null && refs.Earned.Contains(BadgeId))
        {
            check.Fail(path + ".badgeId", $"badge '{BadgeId}' is earned by its criterion; a reward cannot also give it.");
        }

        if (Points.Value == 0 && RewardId is null && BadgeId is null)
        {
            check.Fail(path, "pays nothing: give points, a rewardId or a badgeId.");
        }
    }
}
