
namespace Loyalty.Rules;

/// <summary>What the account keeps for birthday rewards across events.</summary>
internal static class BirthdayRewardState
{
    /// <summary>The birthday year whose once-a-year birthday points the member has had, or null.</summary>
    public static MemberStateKind<int?> PaidYear { get; } = new("birthdayRewardYear", null, LedgerJson.Default.NullableInt32);
}
