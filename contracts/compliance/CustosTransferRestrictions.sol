// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ICustosCompliance, ICustosIdentityRegistry, ICustosModule, ICustosToken} from "./CustosModule.sol";

/// @title CustosTransferRestrictions
/// @notice ERC-1404 answers for any ERC-3643 token, so a wallet or an exchange
///         can ask the chain whether a transfer may go and why not. Stateless:
///         one deployment serves every token. The codes and messages are the
///         ones the Custos platform's transfer check answers.
/// @dev Checks in the order the platform does: paused, sender verified,
///      frozen wallets, unfrozen balance, lock-up, receiver verified, then the
///      token's compliance modules in their binding order. A module that
///      refuses answers its own `restrictionCode()`; one that has none (a
///      third-party module) gives COMPLIANCE_REFUSED. `from == address(0)`
///      asks about a mint.
contract CustosTransferRestrictions {
    uint8 public constant SUCCESS = 0;
    uint8 public constant TOKEN_PAUSED = 1;
    uint8 public constant SENDER_NOT_VERIFIED = 2;
    uint8 public constant RECEIVER_NOT_VERIFIED = 3;
    uint8 public constant SENDER_FROZEN = 6;
    uint8 public constant RECEIVER_FROZEN = 7;
    uint8 public constant INSUFFICIENT_UNFROZEN_BALANCE = 8;
    uint8 public constant LOCKUP_NOT_OVER = 12;
    uint8 public constant COMPLIANCE_REFUSED = 13;

    function detectTransferRestriction(address token, address from, address to, uint256 amount) external view returns (uint8) {
        ICustosToken t = ICustosToken(token);
        ICustosIdentityRegistry registry = ICustosIdentityRegistry(t.identityRegistry());
        if (from != address(0)) {
            if (t.paused()) return TOKEN_PAUSED;
            if (!registry.isVerified(from)) return SENDER_NOT_VERIFIED;
            if (t.isFrozen(from)) return SENDER_FROZEN;
            if (t.isFrozen(to)) return RECEIVER_FROZEN;
            if (amount > t.balanceOf(from) - t.getFrozenTokens(from)) return INSUFFICIENT_UNFROZEN_BALANCE;
        }
        address compliance = t.compliance();
        address[] memory modules = ICustosCompliance(compliance).getModules();
        uint8[] memory codes = new uint8[](modules.length);
        for (uint256 i; i < modules.length; ++i) {
            codes[i] = _codeOf(modules[i]);
            if (codes[i] == LOCKUP_NOT_OVER && !ICustosModule(modules[i]).moduleCheck(from, to, amount, compliance)) return LOCKUP_NOT_OVER;
        }
        if (!registry.isVerified(to)) return RECEIVER_NOT_VERIFIED;
        for (uint256 i; i < modules.length; ++i) {
            if (codes[i] == LOCKUP_NOT_OVER) continue;
            if (!ICustosModule(modules[i]).moduleCheck(from, to, amount, compliance)) return codes[i];
        }
        return SUCCESS;
    }

    function messageForTransferRestriction(uint8 code) external pure returns (string memory) {
        if (code == 0) return "transfer allowed";
        if (code == 1) return "the token is paused";
        if (code == 2) return "the sender is not a verified investor";
        if (code == 3) return unicode"the receiver is not verified in the token’s identity registry";
        if (code == 4) return unicode"the sender’s KYC has expired";
        if (code == 5) return unicode"the receiver’s KYC has expired";
        if (code == 6) return unicode"the sender’s address is frozen";
        if (code == 7) return unicode"the receiver’s address is frozen";
        if (code == 8) return unicode"the sender’s free balance (not frozen, not already committed to a pending transfer) is smaller than the quantity";
        if (code == 9) return unicode"the receiver’s country is not allowed to hold this token";
        if (code == 10) return unicode"the receiver would hold more than the token’s maximum balance per investor";
        if (code == 11) return unicode"the total supply would exceed the token’s supply limit";
        if (code == 12) return unicode"the sender’s tokens are still locked up";
        if (code == 13) return "a compliance module of the token refuses the transfer";
        if (code == 14) return "the token would have more holders than it allows";
        if (code == 15) return unicode"the sender’s accreditation has expired";
        if (code == 16) return unicode"the receiver’s accreditation has expired";
        if (code == 17) return unicode"the sender’s address is on hold: nothing moves from it";
        if (code == 18) return unicode"the receiver’s address is on hold: nothing moves to it";
        return "unknown restriction code";
    }

    function _codeOf(address module) private view returns (uint8) {
        try ICustosModule(module).restrictionCode() returns (uint8 code) {
            return code;
        } catch {
            return COMPLIANCE_REFUSED;
        }
    }
}
