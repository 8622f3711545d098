// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {CustosModule, ICustosIdentityRegistryStorage} from "./CustosModule.sol";

/// @title CustosMaxBalanceModule
/// @notice Caps what one investor identity holds of a token across all its
///         wallets (0: no cap). Balances are kept per identity from the first
///         mint on, so a cap set later applies at once.
/// @dev A wallet without an identity in the registry (removed after it
///      received tokens) is counted under its own address, so removing an
///      identity never blocks a forced transfer or a burn. A forced transfer
///      that would exceed the cap reverts, as a mint would.
contract CustosMaxBalanceModule is CustosModule {
    event MaxBalanceSet(address indexed compliance, uint256 maxBalance);
    event IdentityBalancePreset(address indexed compliance, address indexed identity, uint256 balance);
    event PresetCompleted(address indexed compliance);

    error MaxBalanceExceeded(address compliance, address identity, uint256 balance, uint256 maxBalance);
    error LengthMismatch();

    /// @notice The cap per identity of the token bound to `compliance`, in base units (0: none).
    mapping(address compliance => uint256 maxBalance) public maxBalanceOf;

    /// @notice Whether the compliance's owner has preset the balances of an existing token.
    mapping(address compliance => bool done) public presetCompleted;

    mapping(address compliance => mapping(address identity => uint256 balance)) private _idBalance;

    function setMaxBalance(uint256 maxBalance) external onlyBoundCompliance {
        maxBalanceOf[msg.sender] = maxBalance;
        emit MaxBalanceSet(msg.sender, maxBalance);
    }

    /// @notice For a token that already has holders: its compliance's owner
    ///         records each identity's balance, then completes, then binds.
    function presetIdentityBalances(address compliance, address[] calldata identities, uint256[] calldata balances)
        external
        onlyOwnerBeforeBinding(compliance)
    {
        if (identities.length != balances.length) revert LengthMismatch();
        for (uint256 i; i < identities.length; ++i) {
            _idBalance[compliance][identities[i]] = balances[i];
            emit IdentityBalancePreset(compliance, identities[i], balances[i]);
        }
    }

    function completePreset(address compliance) external onlyOwnerBeforeBinding(compliance) {
        presetCompleted[compliance] = true;
        emit PresetCompleted(compliance);
    }

    /// @notice What the identity holds of the token bound to `compliance`.
    function identityBalance(address compliance, address identity) external view returns (uint256) {
        return _idBalance[compliance][identity];
    }

    function canComplianceBind(address compliance) external view override returns (bool) {
        return presetCompleted[compliance] || _emptyToken(compliance);
    }

    function isPlugAndPlay() external pure override returns (bool) {
        return false;
    }

    function moduleCheck(address, address to, uint256 value, address compliance) external view returns (bool) {
        uint256 max = maxBalanceOf[compliance];
        if (max == 0) return true;
        if (value > max) return false;
        address id = _identity(_identityStorage(_token(compliance)), to);
        return _idBalance[compliance][id] + value <= max;
    }

    function moduleTransferAction(address from, address to, uint256 value) external {
        ICustosIdentityRegistryStorage stored = _identityStorage(_token(msg.sender));
        address idFrom = _identity(stored, from);
        address idTo = _identity(stored, to);
        if (idFrom == idTo) return;
        _decrease(msg.sender, idFrom, value);
        _increase(msg.sender, idTo, value);
    }

    function moduleMintAction(address to, uint256 value) external {
        _increase(msg.sender, _identity(_identityStorage(_token(msg.sender)), to), value);
    }

    function moduleBurnAction(address from, uint256 value) external {
        _decrease(msg.sender, _identity(_identityStorage(_token(msg.sender)), from), value);
    }

    function name() external pure returns (string memory) {
        return "CustosMaxBalanceModule";
    }

    function restrictionCode() external pure returns (uint8) {
        return 10;
    }

    function _identity(ICustosIdentityRegistryStorage stored, address wallet) private view returns (address) {
        address id = stored.storedIdentity(wallet);
        return id == address(0) ? wallet : id;
    }

    function _increase(address compliance, address id, uint256 value) private {
        uint256 balance = _idBalance[compliance][id] + value;
        uint256 max = maxBalanceOf[compliance];
        if (max != 0 && balance > max) revert MaxBalanceExceeded(compliance, id, balance, max);
        _idBalance[compliance][id] = balance;
    }

    /// @dev Saturating: a preset that missed a wallet must not block its holder's exit.
    function _decrease(address compliance, address id, uint256 value) private {
        uint256 balance = _idBalance[compliance][id];
        _idBalance[compliance][id] = balance > value ? balance - value : 0;
    }
}
