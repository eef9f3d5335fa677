using System.Collections.Frozen;
using System.Collections.Immutable;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>What the account keeps of vouchers across events.</summary>
internal static class VoucherState
{
    /// <summary>
    /// The member's vouchers, in the order issued: every issued one, and a used, expired or voided one until it closed
    /// before the retention window and the period of its reward's limit (which counts it) is over.
    /// </summary>
    public static MemberStateKind<ImmutableArray<Voucher>> Vouchers { get; } = new(
        "vouchers", [], LedgerJson.Default.ImmutableArrayVoucher, SequenceComparer<Voucher>.Instance, v => v.IsDefault ? [] : v, forget: Forget, merge: MemberStateKind.Both);

    private static ImmutableArray<Voucher> Forget(ImmutableArray<Voucher> vouchers, LoyaltyProgram program, LocalDate horizon)
    {
        var cut = ExpiryPolicy.StartOf(horizon, program.TimeZone);
        bool Gone(Voucher v) => v.ClosedAt is { } closed && closed < cut
            && (!program.RewardsById.TryGetValue(v.RewardId, out var reward) || reward.Limit is not { } limit
                || v.IssuedAt.InZone(program.TimeZone).Date < ExpiryPolicy.PeriodStart(limit.Period, horizon));
        foreach (var voucher in vouchers)
        {
            if (Gone(voucher))
            {
                return vouchers.RemoveAll(Gone);
            }
        }

        return vouchers;
    }
}
