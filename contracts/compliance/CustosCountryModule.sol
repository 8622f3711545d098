// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {
    CustosModule,
    ICustosClaimIssuer,
    ICustosClaimTopicsRegistry,
    ICustosIdentity,
    ICustosIdentityRegistry,
    ICustosIdentityRegistryStorage,
    ICustosTrustedIssuersRegistry
} from "./CustosModule.sol";

/// @title CustosCountryModule
/// @notice Country allow-list and deny-list, by the ISO 3166-1 numeric code the
///         token's identity registry holds for the receiver. A denied country
///         never receives; when the allow-list has entries, only its countries
///         receive; an empty allow-list allows every country not denied.
///         It also refuses a transfer from a sender the token's identity
///         registry no longer verifies (removed, or its claim revoked on KYC
///         expiry or suspension): the token itself verifies only the receiver.
///         Mints (no sender) and agents' forced transfers and recoveries (which
///         T-REX does not check against compliance) are not affected.
contract CustosCountryModule is CustosModule {
    uint8 private constant ALLOWED = 1;
    uint8 private constant DENIED = 2;

    event CountryAllowed(address indexed compliance, uint16 country);
    event CountryDisallowed(address indexed compliance, uint16 country);
    event CountryDenied(address indexed compliance, uint16 country);
    event CountryUndenied(address indexed compliance, uint16 country);

    /// @notice How many countries are on a token's allow-list (0: the allow-list is off).
    mapping(address compliance => uint256 size) public allowListSize;

    mapping(address compliance => mapping(uint16 country => uint8 flags)) private _flags;

    /// @notice Adds countries to the allow-list and to the deny-list (the deployment setting).
    function setCountries(uint16[] calldata allowed, uint16[] calldata denied) external onlyBoundCompliance {
        for (uint256 i; i < allowed.length; ++i) _allow(msg.sender, allowed[i]);
        for (uint256 i; i < denied.length; ++i) _deny(msg.sender, denied[i]);
    }

    function allowCountries(uint16[] calldata countries) external onlyBoundCompliance {
        for (uint256 i; i < countries.length; ++i) _allow(msg.sender, countries[i]);
    }

    function disallowCountries(uint16[] calldata countries) external onlyBoundCompliance {
        for (uint256 i; i < countries.length; ++i) {
            uint8 f = _flags[msg.sender][countries[i]];
            if (f & ALLOWED == 0) continue;
            _flags[msg.sender][countries[i]] = f & ~ALLOWED;
            allowListSize[msg.sender] -= 1;
            emit CountryDisallowed(msg.sender, countries[i]);
        }
    }

    function denyCountries(uint16[] calldata countries) external onlyBoundCompliance {
        for (uint256 i; i < countries.length; ++i) _deny(msg.sender, countries[i]);
    }

    function undenyCountries(uint16[] calldata countries) external onlyBoundCompliance {
        for (uint256 i; i < countries.length; ++i) {
            uint8 f = _flags[msg.sender][countries[i]];
            if (f & DENIED == 0) continue;
            _flags[msg.sender][countries[i]] = f & ~DENIED;
            emit CountryUndenied(msg.sender, countries[i]);
        }
    }

    /// @notice Whether a holder from `country` may receive the token of `compliance`.
    function isCountryAllowed(address compliance, uint16 country) public view returns (bool) {
        uint8 f = _flags[compliance][country];
        if (f & DENIED != 0) return false;
        return f & ALLOWED != 0 || allowListSize[compliance] == 0;
    }

    function isCountryDenied(address compliance, uint16 country) external view returns (bool) {
        return _flags[compliance][country] & DENIED != 0;
    }

    function isCountryOnAllowList(address compliance, uint16 country) external view returns (bool) {
        return _flags[compliance][country] & ALLOWED != 0;
    }

    function moduleCheck(address from, address to, uint256, address compliance) external view returns (bool) {
        ICustosIdentityRegistry registry = _registry(_token(compliance));
        ICustosIdentityRegistryStorage stored = ICustosIdentityRegistryStorage(registry.identityStorage());
        if (!isCountryAllowed(compliance, stored.storedInvestorCountry(to))) return false;
        return from == address(0) || _isVerified(registry, stored, from);
    }

    function moduleTransferAction(address, address, uint256) external {}

    function moduleMintAction(address, uint256) external {}

    function moduleBurnAction(address, uint256) external {}

    function name() external pure returns (string memory) {
        return "CustosCountryModule";
    }

    function restrictionCode() external pure returns (uint8) {
        return 9;
    }

    /// @dev The registry's own `isVerified`, walked from here: the same answer
    ///      (registered, and for every required topic a claim from an issuer
    ///      trusted for it that the issuer still holds valid — signer key kept,
    ///      claim not revoked), without the registry's three lookups of the
    ///      identity and the copies it makes of each claim (decision 0108).
    function _isVerified(ICustosIdentityRegistry registry, ICustosIdentityRegistryStorage stored, address wallet)
        private
        view
        returns (bool)
    {
        address id = stored.storedIdentity(wallet);
        if (id == address(0)) return false;
        uint256[] memory topics = ICustosClaimTopicsRegistry(registry.topicsRegistry()).getClaimTopics();
        if (topics.length == 0) return true;
        ICustosTrustedIssuersRegistry issuers = ICustosTrustedIssuersRegistry(registry.issuersRegistry());
        for (uint256 t; t < topics.length; ++t) {
            if (!_hasValidClaim(id, topics[t], issuers.getTrustedIssuersForClaimTopic(topics[t]))) return false;
        }
        return true;
    }

    /// @dev As the registry does: the claim each trusted issuer would hold under
    ///      its ONCHAINID id, asked of the issuer it names; an issuer that
    ///      reverts counts as invalid.
    function _hasValidClaim(address id, uint256 topic, address[] memory trusted) private view returns (bool) {
        for (uint256 i; i < trusted.length; ++i) {
            (uint256 found,, address issuer, bytes memory sig, bytes memory data,) =
                ICustosIdentity(id).getClaim(keccak256(abi.encode(trusted[i], topic)));
            if (found != topic) continue;
            try ICustosClaimIssuer(issuer).isClaimValid(id, topic, sig, data) returns (bool valid) {
                if (valid) return true;
            } catch {}
        }
        return false;
    }

    function _allow(address compliance, uint16 country) private {
        uint8 f = _flags[compliance][country];
        if (f & ALLOWED != 0) return;
        _flags[compliance][country] = f | ALLOWED;
        allowListSize[compliance] += 1;
        emit CountryAllowed(compliance, country);
    }

    function _deny(address compliance, uint16 country) private {
        uint8 f = _flags[compliance][country];
        if (f & DENIED != 0) return;
        _flags[compliance][country] = f | DENIED;
        emit CountryDenied(compliance, country);
    }
}
