import { createContext, useContext } from "react";

/** The CSP nonce of this response, for Remix's inline scripts. Browsers hide it from the DOM, so it is "" there. */
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
