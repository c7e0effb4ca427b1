export { type GoMod, type GoModReplace, type GoModRequire, parseGoMod } from './go-mod.ts';
export { type GoWork, parseGoWork } from './go-work.ts';
export { parseGoSum } from './go-sum.ts';
export { type VendorModules, type VendoredModule, parseVendorModules } from './vendor-modules.ts';
export { type GemfileLock, type LockedGem, parseGemfileLock } from './gemfile-lock.ts';
