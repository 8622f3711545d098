// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {CustosModule, ICustosToken} from "./CustosModule.sol";

/// @title CustosMaxHoldersModule
/// @notice Caps how many wallets hold a token (0: no cap), and optionally how
///         many hold it per country (ISO 3166-1 numeric, from the identity
///         registry). A wallet is a holder while its balance is not zero.
/// @dev Per-country counting starts when the first country cap is set, which
///      must happen while the token has no holders, so the counts are exact.
///      A transfer that empties the sender's wallet frees its place for the
///      receiver in the same transfer.
contract CustosMaxHoldersModule is CustosModule {
    event MaxHoldersSet(address indexed compliance, uint256 maxHolders);
    event CountryMaxHoldersSet(address indexed compliance, uint16 country, uint256 maxHolders);
    event HoldersPreset(address indexed compliance, uint256 holders);
    event PresetCompleted(address indexed compliance);

    error MaxHoldersExceeded(address compliance, uint256 holders, uint256 maxHolders);
    error CountryMaxHoldersExceeded(address compliance, uint16 country, uint256 holders, uint256 maxHolders);
    error CountryCapsNeedNoHolders(address compliance);
    error LengthMismatch();

    /// @dev One slot, read once per transfer: the count, the cap, per-country mode.
    struct Counts {
        uint96 holders;
        uint96 maxHolders;
        bool perCountry;
    }

    error CapTooLarge(uint256 maxHolders);

    mapping(address compliance => Counts) private _counts;
    /// @notice Whether the compliance's owner has preset the holders of an existing token.
    mapping(address compliance => bool done) public presetCompleted;

    mapping(address compliance => mapping(uint16 country => uint256 cap)) private _countryCap;
    mapping(address compliance => mapping(uint16 country => uint256 holders)) private _countryHolders;
    /// @dev country + 1 each counted holder was counted under (per-country mode only).
    mapping(address compliance => mapping(address wallet => uint24 countryPlusOne)) private _holderCountry;
    mapping(address compliance => mapping(address wallet => bool counted)) private _preset;

    function setMaxHolders(uint256 maxHolders) external onlyBoundCompliance {
        _setMax(maxHolders);
    }

    function _setMax(uint256 maxHolders) private {
        if (maxHolders > type(uint96).max) revert CapTooLarge(maxHolders);
        _counts[msg.sender].maxHolders = uint96(maxHolders);
        emit MaxHoldersSet(msg.sender, maxHolders);
    }

    /// @notice The cap on holders of the token bound to `compliance` (0: none).
    function maxHoldersOf(address compliance) external view returns (uint256) {
        return _counts[compliance].maxHolders;
    }

    /// @notice Whether holders are counted per country (a country cap was set).
    function countsCountries(address compliance) external view returns (bool) {
        return _counts[compliance].perCountry;
    }

    /// @notice The deployment setting: the token's cap and the per-country caps at once.
    function setHolderLimits(uint256 maxHolders, uint16[] calldata countries, uint256[] calldata caps) external onlyBoundCompliance {
        _setMax(maxHolders);
        if (countries.length != 0) _setCountryCaps(countries, caps);
    }

    /// @notice Caps the holders from each country (0: that country uncapped).
    function setCountryMaxHolders(uint16[] calldata countries, uint256[] calldata caps) external onlyBoundCompliance {
        _setCountryCaps(countries, caps);
    }

    function _setCountryCaps(uint16[] calldata countries, uint256[] calldata caps) private {
        if (countries.length != caps.length) revert LengthMismatch();
        Counts storage counts = _counts[msg.sender];
        if (!counts.perCountry) {
            if (counts.holders != 0) revert CountryCapsNeedNoHolders(msg.sender);
            counts.perCountry = true;
        }
        for (uint256 i; i < countries.length; ++i) {
            _countryCap[msg.sender][countries[i]] = caps[i];
            emit CountryMaxHoldersSet(msg.sender, countries[i], caps[i]);
        }
    }

    /// @notice For a token that already has holders: its compliance's owner
    ///         lists the wallets holding it (each counted once), completes, then binds.
    function presetHolders(address compliance, address[] calldata wallets) external onlyOwnerBeforeBinding(compliance) {
        ICustosToken token = _token(compliance);
        uint256 added;
        for (uint256 i; i < wallets.length; ++i) {
            if (_preset[compliance][wallets[i]] || token.balanceOf(wallets[i]) == 0) continue;
            _preset[compliance][wallets[i]] = true;
            ++added;
        }
        _counts[compliance].holders += uint96(added);
        emit HoldersPreset(compliance, _counts[compliance].holders);
    }

    function completePreset(address compliance) external onlyOwnerBeforeBinding(compliance) {
        presetCompleted[compliance] = true;
        emit PresetCompleted(compliance);
    }

    /// @notice How many wallets hold the token bound to `compliance`.
    function holderCount(address compliance) external view returns (uint256) {
        return _counts[compliance].holders;
    }

    /// @notice How many wallets from `country` hold it (when counted per country), and the cap.
    function countryHolders(address compliance, uint16 country) external view returns (uint256 holders, uint256 cap) {
        return (_countryHolders[compliance][country], _countryCap[compliance][country]);
    }

    function canComplianceBind(address compliance) external view override returns (bool) {
        return presetCompleted[compliance] || _emptyToken(compliance);
    }

    function isPlugAndPlay() external pure override returns (bool) {
        return false;
    }

    function moduleCheck(address from, address to, uint256 value, address compliance) external view returns (bool) {
        if (value == 0 || from == to) return true;
        Counts memory counts = _counts[compliance];
        // Room for one more holder and no country caps: nothing to read from the token.
        if (!counts.perCountry && (counts.maxHolders == 0 || counts.holders < counts.maxHolders)) return true;
        ICustosToken token = _token(compliance);
        if (token.balanceOf(to) != 0) return true;
        bool leaves = from != address(0) && token.balanceOf(from) == value;
        if (counts.maxHolders != 0 && !leaves && counts.holders >= counts.maxHolders) return false;
        if (!counts.perCountry) return true;
        uint16 country = _identityStorage(token).storedInvestorCountry(to);
        uint256 cap = _countryCap[compliance][country];
        if (cap == 0) return true;
        if (leaves && _holderCountry[compliance][from] == uint24(country) + 1) return true;
        return _countryHolders[compliance][country] < cap;
    }

    function moduleTransferAction(address from, address to, uint256 value) external {
        if (from == to) return;
        ICustosToken token = _token(msg.sender);
        if (token.balanceOf(from) == 0) _leave(msg.sender, from);
        if (token.balanceOf(to) == value) _join(msg.sender, token, to);
    }

    function moduleMintAction(address to, uint256 value) external {
        ICustosToken token = _token(msg.sender);
        if (token.balanceOf(to) == value) _join(msg.sender, token, to);
    }

    function moduleBurnAction(address from, uint256) external {
        if (_token(msg.sender).balanceOf(from) == 0) _leave(msg.sender, from);
    }

    function name() external pure returns (string memory) {
        return "CustosMaxHoldersModule";
    }

    function restrictionCode() external pure returns (uint8) {
        return 14;
    }

    /// @dev Also enforced here: forced transfers skip `moduleCheck`.
    function _join(address compliance, ICustosToken token, address wallet) private {
        Counts storage counts = _counts[compliance];
        uint256 holders = uint256(counts.holders) + 1;
        uint256 max = counts.maxHolders;
        if (max != 0 && holders > max) revert MaxHoldersExceeded(compliance, holders, max);
        counts.holders = uint96(holders);
        if (!counts.perCountry) return;
        uint16 country = _identityStorage(token).storedInvestorCountry(wallet);
        uint256 inCountry = _countryHolders[compliance][country] + 1;
        uint256 cap = _countryCap[compliance][country];
        if (cap != 0 && inCountry > cap) revert CountryMaxHoldersExceeded(compliance, country, inCountry, cap);
        _countryHolders[compliance][country] = inCountry;
        _holderCountry[compliance][wallet] = uint24(country) + 1;
    }

    function _leave(address compliance, address wallet) private {
        Counts storage counts = _counts[compliance];
        if (counts.holders != 0) counts.holders -= 1;
        uint24 c = _holderCountry[compliance][wallet];
        if (c == 0) return;
        uint16 country = uint16(c - 1);
        if (_countryHolders[compliance][country] != 0) _countryHolders[compliance][country] -= 1;
        delete _holderCountry[compliance][wallet];
    }
}
