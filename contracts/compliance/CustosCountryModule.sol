// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {CustosModule, ICustosToken} from "./CustosModule.sol";

/// @title CustosCountryModule
/// @notice Country allow-list and deny-list, by the ISO 3166-1 numeric code the
///         token's identity registry holds for the receiver. A denied country
///         never receives; when the allow-list has entries, only its countries
///         receive; an empty allow-list allows every country not denied.
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

    function moduleCheck(address, address to, uint256, address compliance) external view returns (bool) {
        ICustosToken token = _token(compliance);
        return isCountryAllowed(compliance, _registry(token).investorCountry(to));
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
