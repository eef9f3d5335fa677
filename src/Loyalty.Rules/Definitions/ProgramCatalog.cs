using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using NodaTime;

namespace Loyalty.Rules;

/// <summary>
/// The versions of one program, each with the instant it takes effect (<see cref="LoyaltyProgram.EffectiveFrom"/>;
/// none means from the beginning). An event is evaluated by the version in effect at its instant, so a change at
/// midnight never re-prices earlier purchases; a refund is processed by the version that awarded the purchase.
/// </summary>
public sealed class ProgramCatalog
{
    /// <summary>Creates the catalog and checks it.</summary>
    /// <param name="versions">The versions, in any order.</param>
    /// <exception cref="ArgumentException">No versions, versions of different programs, a version number or an
    /// effective instant used twice, or a later version that takes effect earlier; the message names the field.</exception>
    public ProgramCatalog(IEnumerable<LoyaltyProgram> versions)
    {
        Preconditions.NotNull(versions, nameof(versions));
        Versions = [.. versions.OrderBy(v => v?.EffectiveFrom ?? Instant.MinValue)];
        if (Versions.IsEmpty)
        {
            throw Preconditions.Invalid(nameof(versions), "must hold at least one version.");
        }

        for (int i = 0; i < Versions.Length; i++)
        {
            var v = Versions[i] ?? throw Preconditions.Missing($"versions[{i}]", "is null.");
            if (v.Id != Versions[0].Id)
            {
                throw Preconditions.Invalid(nameof(versions), $"holds programs '{Versions[0].Id}' and '{v.Id}'; a catalog holds the versions of one program.");
            }

            if (i > 0 && (Versions[i - 1].EffectiveFrom ?? Instant.MinValue) == (v.EffectiveFrom ?? Instant.MinValue))
            {
                throw Preconditions.Invalid(nameof(versions), $"versions {Versions[i - 1].Version} and {v.Version} take effect at the same instant.");
            }

            if (i > 0 && Versions[i - 1].Version >= v.Version)
            {
                throw Preconditions.Invalid(nameof(versions), $"version {v.Version} takes effect after version {Versions[i - 1].Version}; versions must increase with their effective instants.");
            }
        }
    }

    /// <summary>The versions, earliest first.</summary>
    public ImmutableArray<LoyaltyProgram> Versions { get; }

    /// <summary>The version in effect at an instant: the latest whose effective instant is at or before it.</summary>
    /// <param name="at">The instant.</param>
    /// <returns>The version.</returns>
    /// <exception cref="InvalidOperationException">No version is in effect yet at <paramref name="at"/>.</exception>
    public LoyaltyProgram At(Instant at)
    {
        for (int i = Versions.Length - 1; i >= 0; i--)
        {
            if ((Versions[i].EffectiveFrom ?? Instant.MinValue) <= at)
            {
                return Versions[i];
            }
        }

        throw new InvalidOperationException($"No version of program '{Versions[0].Id}' is in effect at {at}; the first takes effect at {Versions[0].EffectiveFrom}.");
    }

    /// <summary>A version by its number.</summary>
    /// <param name="version">The version number.</param>
    /// <returns>The version.</returns>
    /// <exception cref="ArgumentException">The catalog has no such version.</exception>
    public LoyaltyProgram Version(int version)
        => Versions.FirstOrDefault(v => v.Version == version)
           ?? throw Preconditions.Invalid(nameof(version), $"program '{Versions[0].Id}' has no version {version}; it has {string.Join(", ", Versions.Select(v => v.Version))}.");

    /// <summary>
    /// The version an event belongs to: for a refund the version that awarded the purchase (as the account remembers
    /// it), for anything else the version in effect at the event's instant. Use its <see cref="LoyaltyProgram.Ledger"/>
    /// (e.g. <see cref="LedgerProcessor.ProcessWithBudgets"/>) or call <see cref="Process"/>.
    /// </summary>
    /// <param name="account">The member's account.</param>
    /// <param name="ledgerEvent">The event.</param>
    /// <returns>The version.</returns>
    public LoyaltyProgram For(MemberAccount account, LedgerEvent ledgerEvent)
    {
        Preconditions.NotNull(account, nameof(account));
        Preconditions.NotNull(ledgerEvent, nameof(ledgerEvent));
        return ledgerEvent is RefundEvent refund && account.Purchases.FirstOrDefault(p => p.TransactionId == refund.Original.Id) is { } purchase
            ? Version(purchase.ProgramVersion)
            : At(ledgerEvent.At);
    }

    /// <summary>Processes an event with the version it belongs to (<see cref="For"/>).</summary>
    /// <param name="account">The member's account.</param>
    /// <param name="ledgerEvent">The event.</param>
    /// <param name="member">What the host knows of the member now.</param>
    /// <param name="signals">What only the host knows for the fraud checks.</param>
    /// <param name="grants">Decided budget claims, as for <see cref="LedgerProcessor.Process"/>.</param>
    /// <returns>The outcome.</returns>
    public LedgerOutcome Process(MemberAccount account, LedgerEvent ledgerEvent, MemberContext member, FraudSignals? signals = null, IReadOnlyList<BudgetClaim>? grants = null)
        => For(account, ledgerEvent).Ledger.Process(account, ledgerEvent, member, signals, grants);
}
