// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @notice The parts of an ERC-3643 token the Custos modules read.
interface ICustosToken {
    function balanceOf(address account) external view returns (uint256);
    function totalSupply() external view returns (uint256);
    function identityRegistry() external view returns (address);
    function compliance() external view returns (address);
    function paused() external view returns (bool);
    function isFrozen(address account) external view returns (bool);
    function getFrozenTokens(address account) external view returns (uint256);
}

/// @notice The parts of an ERC-3643 identity registry the Custos modules read.
interface ICustosIdentityRegistry {
    function identity(address wallet) external view returns (address);
    function investorCountry(address wallet) external view returns (uint16);
    function isVerified(address wallet) external view returns (bool);
    function topicsRegistry() external view returns (address);
    function issuersRegistry() external view returns (address);
    function identityStorage() external view returns (address);
}

/// @notice The identity registry storage behind an ERC-3643 identity registry:
///         where the registry's `identity` and `investorCountry` answers come from.
interface ICustosIdentityRegistryStorage {
    function storedIdentity(address wallet) external view returns (address);
    function storedInvestorCountry(address wallet) external view returns (uint16);
}

/// @notice The parts of a T-REX claim topics registry the Custos modules read.
interface ICustosClaimTopicsRegistry {
    function getClaimTopics() external view returns (uint256[] memory);
}

/// @notice The parts of a T-REX trusted issuers registry the Custos modules read.
interface ICustosTrustedIssuersRegistry {
    function getTrustedIssuersForClaimTopic(uint256 topic) external view returns (address[] memory);
}

/// @notice The parts of an ONCHAINID identity the Custos modules read.
interface ICustosIdentity {
    function getClaim(bytes32 claimId)
        external
        view
        returns (uint256 topic, uint256 scheme, address issuer, bytes memory signature, bytes memory data, string memory uri);
}

/// @notice The parts of an ONCHAINID claim issuer the Custos modules read.
interface ICustosClaimIssuer {
    function isClaimValid(address identity, uint256 topic, bytes calldata signature, bytes calldata data)
        external
        view
        returns (bool);
}

/// @notice The parts of a T-REX ModularCompliance the Custos modules read.
interface ICustosCompliance {
    function getTokenBound() external view returns (address);
    function owner() external view returns (address);
    function getModules() external view returns (address[] memory);
}

/// @notice The T-REX modular-compliance module interface (IModule), plus the
///         transfer-restriction code (ERC-1404) a refusal of the module means.
interface ICustosModule {
    event ComplianceBound(address indexed _compliance);
    event ComplianceUnbound(address indexed _compliance);

    function bindCompliance(address compliance) external;
    function unbindCompliance(address compliance) external;
    function moduleTransferAction(address from, address to, uint256 value) external;
    function moduleMintAction(address to, uint256 value) external;
    function moduleBurnAction(address from, uint256 value) external;
    function moduleCheck(address from, address to, uint256 value, address compliance) external view returns (bool);
    function isComplianceBound(address compliance) external view returns (bool);
    function canComplianceBind(address compliance) external view returns (bool);
    function isPlugAndPlay() external pure returns (bool);
    function name() external pure returns (string memory);
    /// @notice The code `detectTransferRestriction` answers when this module refuses.
    function restrictionCode() external pure returns (uint8);
}

/// @title CustosModule
/// @notice What every Custos compliance module shares: one deployment serves
///         every token on the chain, its state keyed by the token's compliance
///         contract; only a bound compliance calls the hooks, and configuration
///         arrives from the compliance too (its owner's `callModuleFunction`).
/// @dev Not upgradeable and not behind a proxy: a rule a token binds cannot be
///      changed under it. A new version is a new deployment the token's owner
///      binds (and the old one unbinds).
///      The transfer, mint and burn hooks write only state keyed by their
///      caller (`msg.sender` is the compliance), so a contract that is not a
///      bound compliance can only change its own, unread namespace; they skip
///      the binding check, which saves a cold storage read per module on
///      every transfer. Settings do check it.
abstract contract CustosModule is ICustosModule {
    error ZeroAddress();
    error OnlyCompliance(address caller);
    error ComplianceAlreadyBound(address compliance);
    error ComplianceNotBound(address compliance);
    error OnlyComplianceOwner(address caller);
    error AlreadyBound(address compliance);

    mapping(address compliance => bool bound) private _bound;

    /// @dev Hooks and settings: the caller is a compliance this module is bound to.
    modifier onlyBoundCompliance() {
        if (!_bound[msg.sender]) revert ComplianceNotBound(msg.sender);
        _;
    }

    /// @dev Presets for a token that already has holders: its compliance's owner, before binding.
    modifier onlyOwnerBeforeBinding(address compliance) {
        if (ICustosCompliance(compliance).owner() != msg.sender) revert OnlyComplianceOwner(msg.sender);
        if (_bound[compliance]) revert AlreadyBound(compliance);
        _;
    }

    function bindCompliance(address compliance) external {
        if (compliance == address(0)) revert ZeroAddress();
        if (msg.sender != compliance) revert OnlyCompliance(msg.sender);
        if (_bound[compliance]) revert ComplianceAlreadyBound(compliance);
        _bound[compliance] = true;
        emit ComplianceBound(compliance);
    }

    function unbindCompliance(address compliance) external onlyBoundCompliance {
        if (msg.sender != compliance) revert OnlyCompliance(msg.sender);
        _bound[compliance] = false;
        emit ComplianceUnbound(compliance);
    }

    function isComplianceBound(address compliance) external view returns (bool) {
        return _bound[compliance];
    }

    function canComplianceBind(address) external view virtual returns (bool) {
        return true;
    }

    function isPlugAndPlay() external pure virtual returns (bool) {
        return true;
    }

    function _token(address compliance) internal view returns (ICustosToken) {
        return ICustosToken(ICustosCompliance(compliance).getTokenBound());
    }

    function _registry(ICustosToken token) internal view returns (ICustosIdentityRegistry) {
        return ICustosIdentityRegistry(token.identityRegistry());
    }

    /// @dev Where the registry reads `identity` and `investorCountry` from. Asking
    ///      the storage directly skips the registry's proxy on every lookup
    ///      (decision 0108); it is resolved on every call, never cached, so a
    ///      token's new registry or storage applies at once.
    function _identityStorage(ICustosToken token) internal view returns (ICustosIdentityRegistryStorage) {
        return ICustosIdentityRegistryStorage(_registry(token).identityStorage());
    }

    /// @dev True when the bound token has no supply yet (a stateful module may bind without presets).
    function _emptyToken(address compliance) internal view returns (bool) {
        address token = ICustosCompliance(compliance).getTokenBound();
        return token == address(0) || ICustosToken(token).totalSupply() == 0;
    }
}
